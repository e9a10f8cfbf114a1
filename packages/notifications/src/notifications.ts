import type { Db } from "@bazaar/db";
import { createLogger, type Logger } from "@bazaar/observability";
import { notificationsEnv } from "./env";
import { createNotificationService, type NotificationService } from "./notification.service";
import { createTemplateRenderer } from "./templates/template-renderer";
import { createSmtpTransport } from "./transports/email.transport";
import { createFileSmsProvider } from "./transports/sms.provider";

/**
 * The service wired from the environment: the shipped templates, SMTP at SMTP_URL, SMS to the file
 * outbox at SMS_LOG_PATH. What the API and the workers use; tests build their own from the parts.
 */
export function createNotificationServiceFromEnv(db: Db, logger: Logger = createLogger("notifications")): NotificationService {
  const env = notificationsEnv();
  return createNotificationService({
    db,
    logger,
    renderer: createTemplateRenderer({ defaultLocale: env.NOTIFICATIONS_DEFAULT_LOCALE }),
    email: createSmtpTransport({ url: env.SMTP_URL, from: env.MAIL_FROM, timeoutMs: env.SMTP_TIMEOUT_MS }),
    sms: createFileSmsProvider(env.SMS_LOG_PATH),
    // Three SMTP phases at most, plus the database work.
    transactionTimeoutMs: Math.min(55_000, 3 * env.SMTP_TIMEOUT_MS + 10_000),
  });
}
