// Helpers for integration tests in any package: `import { ... } from "@bazaar/notifications/testing"`.
// They read what the real SMTP server (Mailpit, infra/mail/mail.sh) received and the SMS outbox file.
import { readFile } from "node:fs/promises";
import { notificationsEnv } from "./env";
import type { SmsOutboxEntry } from "./transports/sms.provider";

export interface MailAddress {
  Name: string;
  Address: string;
}

/** A message as Mailpit's `/api/v1/message/{id}` returns it (the fields tests use). */
export interface MailpitMessage {
  ID: string;
  MessageID: string;
  From: MailAddress;
  To: MailAddress[];
  Subject: string;
  Text: string;
  HTML: string;
  Date: string;
}

interface MailpitSummary {
  ID: string;
  To: MailAddress[];
  Subject: string;
}

export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Polls `probe` until it returns a value (not undefined), failing after `timeoutMs` with `what`. */
async function poll<T>(what: string, probe: () => Promise<T | undefined>, options: PollOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
}

export interface Mailbox {
  /** Every message Mailpit holds for `to`, newest first. */
  messagesTo(to: string): Promise<MailpitMessage[]>;
  /** Waits (bounded poll) until at least `count` messages for `to` arrived; returns them, newest first. */
  waitForMessages(to: string, count?: number, options?: PollOptions): Promise<MailpitMessage[]>;
  /** One header's values on a message (e.g. X-Bazaar-Delivery-Id). */
  header(id: string, name: string): Promise<string[]>;
}

export function mailpit(apiUrl: string = notificationsEnv().MAIL_API_URL): Mailbox {
  const base = apiUrl.replace(/\/$/, "");
  const messagesTo = async (to: string) => {
    const query = encodeURIComponent(`to:"${to}"`);
    const { messages } = await getJson<{ messages: MailpitSummary[] }>(`${base}/api/v1/search?query=${query}&limit=200`);
    const exact = messages.filter((m) => m.To.some((a) => a.Address.toLowerCase() === to.toLowerCase()));
    return Promise.all(exact.map((m) => getJson<MailpitMessage>(`${base}/api/v1/message/${m.ID}`)));
  };
  return {
    messagesTo,
    waitForMessages: (to, count = 1, options) =>
      poll(`${count} message(s) to ${to}`, async () => {
        const found = await messagesTo(to);
        return found.length >= count ? found : undefined;
      }, options),
    async header(id, name) {
      const headers = await getJson<Record<string, string[]>>(`${base}/api/v1/message/${id}/headers`);
      const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
      return key ? (headers[key] ?? []) : [];
    },
  };
}

/** Every line of the development SMS outbox (missing file: none yet). */
export async function readSmsOutbox(path: string = notificationsEnv().SMS_LOG_PATH): Promise<SmsOutboxEntry[]> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as SmsOutboxEntry);
}

/** The SMS sent to `to`, oldest first. */
export async function smsTo(to: string, path?: string): Promise<SmsOutboxEntry[]> {
  return (await readSmsOutbox(path)).filter((e) => e.to === to);
}
