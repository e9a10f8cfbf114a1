import { randomUUID } from "node:crypto";
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";

export interface SmsMessage {
  /** E.164, e.g. +447700900123. */
  to: string;
  body: string;
}

/** Where SMS go. Production plugs a real gateway in here; development and tests use the file outbox. */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}

/** One line of the development outbox file. */
export interface SmsOutboxEntry {
  id: string;
  to: string;
  body: string;
  sentAt: string;
}

/**
 * The development provider: appends each SMS as one JSON line to `filePath` (env SMS_LOG_PATH), which
 * people and tests read. One appendFile call per line, so concurrent senders never interleave a line.
 */
export function createFileSmsProvider(filePath: string): SmsProvider {
  let ready: Promise<unknown> | undefined;
  return {
    name: "file",
    async send(message) {
      ready ??= mkdir(path.dirname(filePath), { recursive: true }).catch((error: unknown) => {
        ready = undefined; // a failed mkdir (permissions, full disk) is tried again on the next send
        throw error;
      });
      await ready;
      const entry: SmsOutboxEntry = { id: randomUUID(), to: message.to, body: message.body, sentAt: new Date().toISOString() };
      await appendFile(filePath, `${JSON.stringify(entry)}\n`, "utf8");
      return { providerMessageId: entry.id };
    },
  };
}
