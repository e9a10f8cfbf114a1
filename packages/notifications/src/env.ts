import path from "node:path";
import { fileURLToPath } from "node:url";
import { baseEnvSchema, parseEnv } from "@bazaar/config";
import { z } from "zod";

/** The repository root, so the default SMS log lands in the same .data/ whatever the process's cwd. */
// path.resolve rather than new URL(dir, import.meta.url): Turbopack treats the latter as an asset import.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..") + path.sep;

export const notificationsEnvSchema = baseEnvSchema.pick({ NODE_ENV: true }).extend({
  /** Where email is sent: Mailpit locally (`infra/mail/mail.sh`), a real relay elsewhere. */
  SMTP_URL: z.url().default("smtp://127.0.0.1:1025"),
  /** Mailpit's HTTP API; only tests and dev tools read it. */
  MAIL_API_URL: z.url().default("http://127.0.0.1:8025"),
  MAIL_FROM: z.string().min(3).default("Bazaar <no-reply@bazaar.local>"),
  /** Bounds every SMTP phase (connect, greeting, each command) so a stuck relay fails a send, not a worker. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** The development SMS provider appends one JSON line per message here. */
  SMS_LOG_PATH: z.string().min(1).default(`${REPO_ROOT}.data/sms/outbox.jsonl`),
  NOTIFICATIONS_DEFAULT_LOCALE: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?$/, "a language tag such as en or en-GB")
    .default("en"),
});

export type NotificationsEnv = z.infer<typeof notificationsEnvSchema>;

let cached: NotificationsEnv | undefined;
export function notificationsEnv(): NotificationsEnv {
  cached ??= parseEnv(notificationsEnvSchema, process.env);
  return cached;
}
