import { asPlatform, type Db } from "@bazaar/db";
import { stripeSignatureHeader, type SandboxProvider } from "@bazaar/payments";
import { TEST_WEBHOOK_SECRET, until, type SandboxProcess } from "@bazaar/payments/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postCapture } from "./ledger-postings.service";
import { captured, ledgerSums, makeGroup, makeTenant, owed } from "./ledger.testing";
import { startPayoutWebhookWorld, type PayoutWebhookWorld } from "./payout-webhooks.testing";
import { runPayouts, type PayoutDeps } from "./payouts.service";

// Payouts settled by the provider's webhook (decision 0028), against the real PostgreSQL, the real API
// server's /webhooks/sandbox and the sandbox as its own process: its transfers stay pending for a moment,
// then it sends a signed transfer.paid (or transfer.failed for a destination ending in `_fails`). Chaos
// is on — webhooks arrive twice and out of order — so nothing may double: the inbox (provider event id),
// the conditional payout transitions and the postings' source keys.

let w: PayoutWebhookWorld;
let db: Db;
let apiUrl: string;
let sandbox: SandboxProcess;
let provider: SandboxProvider;

beforeAll(async () => {
  w = await startPayoutWebhookWorld("api_payout_webhooks", 150);
  ({ db, apiUrl, sandbox, provider } = w);
  await sandbox.configure({ duplicate_rate: 1, reorder_jitter_ms: 100 });
});

afterAll(async () => {
  await w?.close();
});

const DAY = 86_400;
const days = (n: number) => new Date(Date.now() + n * DAY * 1000);
const payouts = (now: Date, extra: Partial<PayoutDeps> = {}): PayoutDeps => ({ db, provider, holdSeconds: 7 * DAY, periodSeconds: DAY, now: () => now, ...extra });

/** A seller owed `total − commission` from one captured sale, paid out to `destination`. */
async function sellerOwed(label: string, destination: string, total = 10_000, commission = 1_000) {
  const tenantId = await makeTenant(db, label, destination);
  const g = await makeGroup(db, [{ tenantId, total, commission }]);
  await asPlatform(db, (tx) => postCapture(tx, captured(g.groupId, g.total)));
  return { tenantId, amount: total - commission };
}

const payoutOf = (tenantId: string) =>
  asPlatform(db, async (tx) => {
    const payout = await tx.payout.findFirstOrThrow({ where: { tenantId } });
    // By kind: the run's clock (days ahead) stamps PAYOUT, the webhook's real clock the settlement.
    const entries = await tx.ledgerEntry.findMany({ where: { payoutId: payout.id }, orderBy: { kind: "asc" }, select: { kind: true } });
    return { ...payout, entries };
  });
const statusIs = (tenantId: string, status: string) => until(`payout ${status}`, async () => ((await payoutOf(tenantId)).status === status ? true : undefined));

/** Every delivery the sandbox made so far acknowledged, so no late duplicate can still land after the assertions. */
const allDelivered = () => until("deliveries acknowledged", async () => ((await sandbox.deliveries()).every((d) => d.state === "delivered") ? true : undefined));

async function signedWebhook(body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const raw = JSON.stringify(body);
  const res = await fetch(`${apiUrl}/webhooks/sandbox`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": stripeSignatureHeader(TEST_WEBHOOK_SECRET, raw) }, body: raw });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("payouts settled by the provider's webhook", () => {
  it("SENT on the transfer's answer, PAID once by transfer.paid delivered twice; a late transfer.failed changes nothing", async () => {
    const s = await sellerOwed("paid", "acct_sandbox_paid");
    const run = await runPayouts(payouts(days(8)));
    expect(run.settled).toEqual([]);
    expect(await payoutOf(s.tenantId)).toMatchObject({ status: "SENT", amount: s.amount, transferId: expect.stringMatching(/^tr_/) });
    await statusIs(s.tenantId, "PAID");
    await allDelivered();
    const paid = await payoutOf(s.tenantId);
    expect(paid.entries.map((e) => e.kind)).toEqual(["PAYOUT", "PAYOUT_SETTLED"]);
    expect(await owed(db, s.tenantId)).toBe(0);

    // The bank's contrary word arriving after paid: acknowledged, ignored (paid is final).
    const late = await signedWebhook({
      id: `evt_late_${crypto.randomUUID().slice(0, 8)}`, object: "event", type: "transfer.failed", created: Math.floor(Date.now() / 1000),
      data: { object: { id: paid.transferId, object: "transfer", amount: s.amount, currency: "eur", metadata: { payout_id: paid.id }, failure_code: "account_closed" } },
    });
    expect(late).toMatchObject({ status: 200, json: { outcome: "ignored" } });
    expect(await payoutOf(s.tenantId)).toMatchObject({ status: "PAID", entries: [{ kind: "PAYOUT" }, { kind: "PAYOUT_SETTLED" }] });
    for (const sum of Object.values(await ledgerSums(db))) expect(sum).toBe(0);
  });

  it("transfer.failed returns the money to the seller's balance once, and the next payout carries it", async () => {
    const s = await sellerOwed("fails", "acct_sandbox_fails");
    await runPayouts(payouts(days(20)));
    expect((await payoutOf(s.tenantId)).status).toBe("SENT");
    expect(await owed(db, s.tenantId)).toBe(0);
    await statusIs(s.tenantId, "FAILED");
    await allDelivered();
    expect(await payoutOf(s.tenantId)).toMatchObject({ status: "FAILED", failureCode: "account_closed", entries: [{ kind: "PAYOUT" }, { kind: "PAYOUT_RETURNED" }] });
    expect(await owed(db, s.tenantId)).toBe(s.amount);
    // A second "paid" for the failed transfer is ignored too.
    const p = await payoutOf(s.tenantId);
    const again = await signedWebhook({
      id: `evt_contra_${crypto.randomUUID().slice(0, 8)}`, object: "event", type: "transfer.paid", created: Math.floor(Date.now() / 1000),
      data: { object: { id: p.transferId, object: "transfer", amount: s.amount, currency: "eur", metadata: { payout_id: p.id } } },
    });
    expect(again).toMatchObject({ status: 200, json: { outcome: "ignored" } });
    expect(await owed(db, s.tenantId)).toBe(s.amount);
    const next = await runPayouts(payouts(days(21)));
    const carried = await asPlatform(db, (tx) => tx.payout.findMany({ where: { tenantId: s.tenantId }, orderBy: { createdAt: "asc" } }));
    expect(carried.map((c) => c.amount)).toEqual([s.amount, s.amount]);
    expect(next.created).toContain(carried[1]!.id);
    await until("the second payout answered", async () => ((await asPlatform(db, (tx) => tx.payout.findUniqueOrThrow({ where: { id: carried[1]!.id } }))).status === "FAILED" ? true : undefined));
    await allDelivered();
    for (const sum of Object.values(await ledgerSums(db))) expect(sum).toBe(0);
  });

  it("a webhook that lands before the runner records the transfer's answer: PAID once, the runner's late answer changes nothing", async () => {
    const s = await sellerOwed("early", "acct_sandbox_early");
    const run = await runPayouts(
      payouts(days(30), {
        onStep: async (step, payoutId) => {
          if (step !== "transferred" || (await asPlatform(db, (tx) => tx.payout.findUniqueOrThrow({ where: { id: payoutId } }))).tenantId !== s.tenantId) return;
          // The transfer answered; hold the runner until the webhook moved the payout (PENDING → SENT → PAID).
          await statusIs(s.tenantId, "PAID");
        },
      }),
    );
    expect(run.settled).toEqual([]);
    await allDelivered();
    expect(await payoutOf(s.tenantId)).toMatchObject({ status: "PAID", transferId: expect.stringMatching(/^tr_/), entries: [{ kind: "PAYOUT" }, { kind: "PAYOUT_SETTLED" }] });
    expect(await owed(db, s.tenantId)).toBe(0);
    for (const sum of Object.values(await ledgerSums(db))) expect(sum).toBe(0);
  });

  it("refuses a forged payout webhook and changes nothing", async () => {
    const s = await sellerOwed("forged", "acct_sandbox_forged");
    await runPayouts(payouts(days(40)));
    await statusIs(s.tenantId, "PAID");
    await allDelivered();
    const p = await payoutOf(s.tenantId);
    const raw = JSON.stringify({ id: "evt_forged", object: "event", type: "transfer.failed", created: Math.floor(Date.now() / 1000), data: { object: { id: p.transferId, object: "transfer", metadata: { payout_id: p.id } } } });
    const res = await fetch(`${apiUrl}/webhooks/sandbox`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": stripeSignatureHeader("whsec_not_the_secret_at_all_000", raw) }, body: raw });
    expect(res.status).toBe(400);
    expect(await payoutOf(s.tenantId)).toMatchObject({ status: "PAID", entries: [{ kind: "PAYOUT" }, { kind: "PAYOUT_SETTLED" }] });
  });
});
