import type { Mailbox } from "@bazaar/notifications/testing";

/** The `token` parameter of the first link to `path` in a message body (fails the test when there is none). */
export function linkTokenIn(text: string, path: string): string {
  for (const match of text.matchAll(/https?:\/\/\S+/g)) {
    const url = new URL(match[0]);
    const token = url.searchParams.get("token");
    if (url.pathname === path && token) return token;
  }
  throw new Error(`no ${path}?token=… link in: ${text}`);
}

/** Waits for the `count`-th message to `to` and returns the token of its link to `path` (newest message). */
export async function mailedToken(mail: Mailbox, to: string, path: string, count = 1): Promise<string> {
  const [newest] = await mail.waitForMessages(to, count);
  return linkTokenIn(newest!.Text, path);
}
