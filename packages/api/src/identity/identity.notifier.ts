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
