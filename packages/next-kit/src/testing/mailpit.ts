import { expect } from "@playwright/test";

// Reads what the SMTP server (Mailpit, infra/mail/mail.sh) received, through its HTTP API, the way a
// person reads their inbox. Several runs share one Mailpit, so messages are found by recipient.

export const MAIL_API_URL = process.env.MAIL_API_URL ?? "http://127.0.0.1:8025";

export interface ReceivedMail {
  id: string;
  subject: string;
  text: string;
  html: string;
}

interface SearchResult {
  messages: { ID: string; Subject: string; Created: string }[];
}

async function search(to: string): Promise<SearchResult["messages"]> {
  const url = new URL("/api/v1/search", MAIL_API_URL);
  url.searchParams.set("query", `to:"${to}"`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Mailpit search answered ${response.status}`);
  return ((await response.json()) as SearchResult).messages;
}

/**
 * The newest message to `to` whose subject matches, waiting (bounded) for it to arrive: email is sent
 * after the request that caused it has answered.
 */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 30_000): Promise<ReceivedMail> {
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        id = (await search(to)).find((m) => subject.test(m.Subject))?.ID;
        return id;
      },
      { message: `an email to ${to} with subject ${subject}`, timeout: timeoutMs },
    )
    .toBeTruthy();
  const response = await fetch(new URL(`/api/v1/message/${id}`, MAIL_API_URL));
  if (!response.ok) throw new Error(`Mailpit message ${id} answered ${response.status}`);
  const message = (await response.json()) as { ID: string; Subject: string; Text: string; HTML: string };
  return { id: message.ID, subject: message.Subject, text: message.Text, html: message.HTML };
}

/** A unique address per run, so parallel and repeated runs never read each other's mail. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@e2e.bazaar.test`;
}
