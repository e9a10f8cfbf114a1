import { asPlatform } from "@bazaar/db";
import { mailpit } from "@bazaar/notifications/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeDeliveryKey, defaultIdentityNotifier } from "./identity.notifier";
import { codeIn, startIdentityHarness, uniqueEmail, type IdentityHarness } from "./identity.testing";
import { identityKeys } from "./redis-keys";

// notification_deliveries keeps idempotency keys in clear: they must name the delivery by stable ids
// and never carry the code, and one issuance delivered twice must be one delivery.

let h: IdentityHarness;
const mail = mailpit();
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

beforeAll(async () => {
  h = await startIdentityHarness("identity_notifier");
});

afterAll(async () => {
  await h?.close();
});

const deliveriesTo = (recipient: string) => asPlatform(h.db, (tx) => tx.notificationDelivery.findMany({ where: { recipient } }));

describe("identity notifications", () => {
  it("key the verification email by user and issuance, never by the code it carries", async () => {
    const email = uniqueEmail(h.runId, "keyed");
    const { userId } = await (await h.caller()).identity.register({ email, password: "a long enough password", name: "Keyed" });
    const [message] = await mail.waitForMessages(email);
    const code = codeIn(message!.Text);
    const [delivery] = await deliveriesTo(email);
    const issueId = await h.redis.hget(identityKeys.emailVerification(userId), "issue");
    expect(delivery!.idempotencyKey).toBe(`email-verification:${userId}:${issueId}`);
    expect(delivery!.idempotencyKey).toMatch(new RegExp(`^email-verification:${UUID}:${UUID}$`));
    expect(delivery!.idempotencyKey).not.toContain(code);
  });

  it("deliver one issuance once, however often it is handed over", async () => {
    const email = uniqueEmail(h.runId, "once");
    const notifier = defaultIdentityNotifier(h.db);
    const send = () =>
      notifier.emailVerification({ userId: "0f0e0d0c-0b0a-4908-8706-050403020100", email, name: "Once", verificationUrl: "http://127.0.0.1:3000/verify-email", code: "246810", issueId: "7d1c9a52-2b8e-4f43-9d6a-3e5f1b0c7a21", expiresInMinutes: 5 });
    await send();
    await send();
    const deliveries = await deliveriesTo(email);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.idempotencyKey).toBe(codeDeliveryKey("email-verification", "0f0e0d0c-0b0a-4908-8706-050403020100", "7d1c9a52-2b8e-4f43-9d6a-3e5f1b0c7a21"));
    expect(await mail.waitForMessages(email, 1)).toHaveLength(1);
  });
});
