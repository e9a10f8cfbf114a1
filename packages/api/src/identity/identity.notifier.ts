import type { Db } from "@bazaar/db";
import { createNotificationServiceFromEnv, type NotificationService } from "@bazaar/notifications";
import type { Logger } from "@bazaar/observability";

/** What a code is for; with the subject's id and the issuance's id it names one delivery. */
export type CodePurpose = "email-verification" | "2fa" | "sms-enrollment";

/**
 * The idempotency key of one code's delivery, from stable ids only (what the code is for, whose it is:
 * the user or the sign-in challenge, and which issuance), never from the code, the link token or any
 * other secret: notification_deliveries keeps its keys in clear, and a key must dedupe a repeated
 * delivery of the same code rather than differ on every call.
 */
export function codeDeliveryKey(purpose: CodePurpose, subjectId: string, issueId: string): string {
  return `${purpose}:${subjectId}:${issueId}`;
}

/**
 * What the identity domain needs sent. Codes are sent directly (not through the outbox and Kafka): the
 * user is waiting for them, and a code that arrives after it expired is worthless.
 */
export interface IdentityNotifier {
  emailVerification(input: { userId: string; email: string; name: string; verificationUrl: string; code: string; issueId: string; expiresInMinutes: number }): Promise<void>;
  secondFactorCode(input: {
    channel: "EMAIL" | "SMS";
    to: string;
    code: string;
    expiresInMinutes: number;
    purpose: Exclude<CodePurpose, "email-verification">;
    /** The sign-in challenge (2fa) or the user (sms-enrollment). */
    subjectId: string;
    issueId: string;
  }): Promise<void>;
  /** `tokenId` is the reset token's row id: the key never contains the token itself. */
  passwordReset(input: { tokenId: string; email: string; name: string; resetUrl: string; expiresInMinutes: number }): Promise<void>;
  /** `changeId` names the change (the event id of identity.password.reset/changed). */
  passwordChanged(input: { changeId: string; email: string; name: string; changedAt: Date; ipAddress: string | null; supportUrl: string }): Promise<void>;
}

export function notificationServiceNotifier(service: NotificationService): IdentityNotifier {
  return {
    async emailVerification({ userId, email, name, verificationUrl, code, issueId, expiresInMinutes }) {
      await service.send({
        tenantId: null,
        channel: "EMAIL",
        template: "email-verification",
        to: email,
        data: { name, verificationUrl, code, expiresInMinutes },
        idempotencyKey: codeDeliveryKey("email-verification", userId, issueId),
      });
    },
    async secondFactorCode({ channel, to, code, expiresInMinutes, purpose, subjectId, issueId }) {
      const idempotencyKey = codeDeliveryKey(purpose, subjectId, issueId);
      await service.send({ tenantId: null, channel, template: "two-factor-code", to, data: { code, expiresInMinutes }, idempotencyKey });
    },
    async passwordReset({ tokenId, email, name, resetUrl, expiresInMinutes }) {
      await service.send({
        tenantId: null,
        channel: "EMAIL",
        template: "password-reset",
        to: email,
        data: { name, resetUrl, expiresInMinutes },
        idempotencyKey: `password-reset:${tokenId}`,
      });
    },
    async passwordChanged({ changeId, email, name, changedAt, ipAddress, supportUrl }) {
      await service.send({
        tenantId: null,
        channel: "EMAIL",
        template: "password-changed",
        to: email,
        data: { name, changedAt: changedAt.toISOString(), ipAddress: ipAddress?.slice(0, 64) ?? null, supportUrl },
        idempotencyKey: `password-changed:${changeId}`,
      });
    },
  };
}

const byDb = new WeakMap<Db, IdentityNotifier>();

/** One notifier per database handle, wired from the environment (SMTP_URL, SMS_LOG_PATH). */
export function defaultIdentityNotifier(db: Db, logger?: Logger): IdentityNotifier {
  let notifier = byDb.get(db);
  if (!notifier) {
    notifier = notificationServiceNotifier(createNotificationServiceFromEnv(db, logger));
    byDb.set(db, notifier);
  }
  return notifier;
}
