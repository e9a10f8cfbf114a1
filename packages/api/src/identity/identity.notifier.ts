import type { Db } from "@bazaar/db";
import { createNotificationServiceFromEnv, type NotificationService } from "@bazaar/notifications";
import type { Logger } from "@bazaar/observability";

/**
 * What the identity domain needs sent. Codes are sent directly (not through the outbox and Kafka): the
 * user is waiting for them, and a code that arrives after it expired is worthless. Each send has an
 * idempotency key, so a retried request never mails the same code twice.
 */
export interface IdentityNotifier {
  emailVerification(input: { userId: string; email: string; name: string; verificationUrl: string; code: string; expiresInMinutes: number }): Promise<void>;
  secondFactorCode(input: { channel: "EMAIL" | "SMS"; to: string; code: string; expiresInMinutes: number; idempotencyKey: string }): Promise<void>;
  /** `tokenId` is the reset token's row id: the key never contains the token itself. */
  passwordReset(input: { tokenId: string; email: string; name: string; resetUrl: string; expiresInMinutes: number }): Promise<void>;
  /** `changeId` names the change (the event id of identity.password.reset/changed). */
  passwordChanged(input: { changeId: string; email: string; name: string; changedAt: Date; ipAddress: string | null; supportUrl: string }): Promise<void>;
}

export function notificationServiceNotifier(service: NotificationService): IdentityNotifier {
  return {
    async emailVerification({ userId, email, name, verificationUrl, code, expiresInMinutes }) {
      await service.send({
        tenantId: null,
        channel: "EMAIL",
        template: "email-verification",
        to: email,
        data: { name, verificationUrl, code, expiresInMinutes },
        idempotencyKey: `email-verification:${userId}:${code}`,
      });
    },
    async secondFactorCode({ channel, to, code, expiresInMinutes, idempotencyKey }) {
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
