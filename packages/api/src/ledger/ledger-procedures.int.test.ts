import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal, startInventoryHarness, type InventoryHarness, type SellerFixture } from "../inventory/inventory.testing";
import { postCapture, postRefund } from "./ledger-postings.service";
import { captured, makeGroup, startSandbox, type SandboxHandle } from "./ledger.testing";
import { runPayouts } from "./payouts.service";

// The seller dashboard's and the ops console's reads through the real router: each seller sees only
// their own balance, entries and payouts (RLS), pages with cursors, filters, typed refusals.

let h: InventoryHarness;
let pay: SandboxHandle;
let a: SellerFixture;
let b: SellerFixture;

beforeAll(async () => {
  h = await startInventoryHarness("api_ledger_procedures");
  pay = await startSandbox("procedures");
  a = await h.seller("lpa", 1);
  b = await h.seller("lpb", 1);
  for (const [s, total] of [[a, 10_000], [a, 2_000], [b, 5_000]] as const) {
    const g = await makeGroup(h.db, [{ tenantId: s.tenantId, total, commission: total / 10 }]);
    await asPlatform(h.db, (tx) => postCapture(tx, captured(g.groupId, total)));
  }
  // Payouts go only where the seller's OWNER said (decision 0028).
  for (const s of [a, b]) await (await h.caller(s.users.OWNER, s.tenantId)).payouts.setDestination({ provider: "sandbox", destination: `acct_sandbox_${s.tenantId.slice(0, 8)}` });
  await runPayouts({ db: h.db, provider: pay.provider, holdSeconds: 7 * 86_400, periodSeconds: 86_400, now: () => new Date(Date.now() + 8 * 86_400_000) });
  // A refund after the payout: a's balance goes negative.
  const [order] = await asPlatform(h.db, (tx) => tx.order.findMany({ where: { tenantId: a.tenantId, totalAmount: 2_000 } }));
  await asPlatform(h.db, (tx) =>
    postRefund(tx, { groupId: order!.groupId, orderId: order!.id, tenantId: a.tenantId, refundId: crypto.randomUUID(), amount: 1_000, refundedTotal: 1_000, full: false, currency: "EUR", reason: "broken", actorId: a.users.OWNER }),
  );
});

afterAll(async () => {
  await pay?.close();
  await h?.close();
});

describe("ledger procedures", () => {
  it("give a seller's VIEWER their own balance per currency", async () => {
    const viewer = await h.caller(a.users.VIEWER, a.tenantId);
    expect(await viewer.ledger.balance()).toEqual([{ currency: "EUR", balance: -900, available: 0, inTransit: 0 }]);
    const other = await h.caller(b.users.VIEWER, b.tenantId);
    expect(await other.ledger.balance()).toEqual([{ currency: "EUR", balance: 0, available: 0, inTransit: 0 }]);
  });

  it("page a seller's entries newest first with a cursor, filter them, and refuse a forged cursor", async () => {
    const c = await h.caller(a.users.VIEWER, a.tenantId);
    const first = await c.ledger.entries({ limit: 2 });
    // The payout run's clock was 8 days ahead, so its two entries are the newest.
    expect(first.items.map((e) => e.kind).sort()).toEqual(["PAYOUT", "PAYOUT_SETTLED"]);
    expect(first.items.find((e) => e.kind === "PAYOUT")!.amount).toBe(-(9_000 + 1_800));
    const rest = await c.ledger.entries({ limit: 10, cursor: first.nextCursor! });
    expect(rest.items.map((e) => e.kind)).toEqual(["REFUND", "SALE", "SALE"]);
    expect(rest.items[0]).toMatchObject({ amount: -900, currency: "EUR" });
    expect(rest.nextCursor).toBeNull();
    const sales = await c.ledger.entries({ kind: "SALE" });
    expect(sales.items.map((e) => e.amount).sort()).toEqual([1_800, 9_000]);
    expect((await c.ledger.entries({ currency: "USD" })).items).toEqual([]);
    expect(await refusal(c.ledger.entries({ cursor: "bm90LWEtY3Vyc29y" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(c.ledger.entries({ limit: 1_000 } as never))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("list and show a seller's own payouts, and not another's", async () => {
    const c = await h.caller(a.users.VIEWER, a.tenantId);
    const { items } = await c.payouts.list({});
    expect(items.map((p) => [p.status, p.amount])).toEqual([["PAID", 10_800]]);
    const one = await c.payouts.get({ payoutId: items[0]!.id });
    expect(one.entries.map((e) => e.kind)).toEqual(["PAYOUT", "PAYOUT_SETTLED"]);
    expect((await c.payouts.list({ status: "FAILED" })).items).toEqual([]);
    const other = await h.caller(b.users.VIEWER, b.tenantId);
    expect(await refusal(other.payouts.get({ payoutId: items[0]!.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("show the platform's totals to support, each currency summing to zero", async () => {
    const ops = await h.caller(a.users.OWNER, undefined, "SUPPORT");
    const totals = await ops.ledger.platformTotals({});
    expect(totals.currencies.map((c) => [c.currency, c.sum])).toEqual([["EUR", 0]]);
    const commission = totals.currencies[0]!.accounts.find((x) => x.code === "COMMISSION_REVENUE")!;
    expect(commission.balance).toBe(-(1_000 + 200 + 500 - 100));
    expect(totals.payouts).toEqual([{ currency: "EUR", status: "PAID", count: 2, amount: 10_800 + 4_500 }]);
  });

  it("pay a seller without a destination nothing: the balance accrues until the OWNER sets one (audited), then the next run pays it", async () => {
    const c = await h.seller("lpc", 1);
    const g = await makeGroup(h.db, [{ tenantId: c.tenantId, total: 4_000, commission: 400 }]);
    await asPlatform(h.db, (tx) => postCapture(tx, captured(g.groupId, 4_000)));
    const run = (days: number) => runPayouts({ db: h.db, provider: pay.provider, holdSeconds: 7 * 86_400, periodSeconds: 86_400, now: () => new Date(Date.now() + days * 86_400_000) });
    await run(9);
    const owner = await h.caller(c.users.OWNER, c.tenantId);
    expect((await owner.payouts.list({})).items).toEqual([]);
    expect(await owner.payouts.destinations()).toEqual([]);
    expect((await owner.ledger.balance())[0]).toMatchObject({ balance: 3_600, inTransit: 0 });

    // Only the OWNER sees or sets it; bad references are refused and change nothing.
    for (const role of ["ADMIN", "MANAGER", "VIEWER"] as const) {
      const other = await h.caller(c.users[role], c.tenantId);
      expect(await refusal(other.payouts.destinations())).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusal(other.payouts.setDestination({ provider: "sandbox", destination: "acct_sandbox_x" }))).toMatchObject({ code: "FORBIDDEN" });
    }
    for (const destination of ["", "   ", "acct_\u0000x", "not-an-account", "RCP_abcdef"]) {
      expect(await refusal(owner.payouts.setDestination({ provider: "sandbox", destination }))).toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await refusal(owner.payouts.setDestination({ provider: "paystack", destination: "acct_sandbox_x" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await owner.payouts.destinations()).toEqual([]);

    await owner.payouts.setDestination({ provider: "sandbox", destination: "acct_sandbox_first" });
    const saved = await owner.payouts.setDestination({ provider: "sandbox", destination: "acct_sandbox_lpc" });
    expect(saved).toMatchObject({ provider: "sandbox", destination: "acct_sandbox_lpc" });
    expect(await owner.payouts.destinations()).toEqual([expect.objectContaining({ provider: "sandbox", destination: "acct_sandbox_lpc" })]);
    // Another seller sees none of it (RLS).
    expect((await (await h.caller(b.users.OWNER, b.tenantId)).payouts.destinations()).map((d) => d.destination)).toEqual([`acct_sandbox_${b.tenantId.slice(0, 8)}`]);
    const audit = await asPlatform(h.db, (tx) => tx.auditEntry.findMany({ where: { tenantId: c.tenantId, entityType: "payout-destination" }, orderBy: { seq: "asc" } }));
    expect(audit.map((e) => [e.action, (e.data as { previousDestination: string | null }).previousDestination])).toEqual([
      ["payouts.destination.created", null],
      ["payouts.destination.updated", "acct_sandbox_first"],
    ]);

    await run(10);
    const { items } = await owner.payouts.list({});
    expect(items.map((p) => [p.status, p.amount, p.destination])).toEqual([["PAID", 3_600, "acct_sandbox_lpc"]]);
  });
});
