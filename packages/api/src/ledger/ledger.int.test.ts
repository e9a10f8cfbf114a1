import { baseEnv } from "@bazaar/config";
import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { ProviderError, type PaymentProvider } from "@bazaar/payments";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForUrls } from "../testing/wait-for";
import { postCancellation, postCapture, postRefund } from "./ledger-postings.service";
import { accountId, post } from "./ledger.service";
import { captured, ledgerSums, makeGroup, makeTenant, owed, startSandbox, type SandboxHandle } from "./ledger.testing";
import { runPayouts, type PayoutDeps } from "./payouts.service";

// The ledger against real PostgreSQL (and the payments sandbox as its own process for payouts): the
// database's own guarantees (balanced entries, append-only), postings that happen once however often
// their event arrives, and payouts that net refunds, race and still pay each seller once per period.

let database: TestDatabase;
let db: Db;
let pay: SandboxHandle;

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL);
  database = await createTestDatabase(testDatabaseName("api_ledger"));
  db = createDb({ url: database.url, poolSize: 10, applicationName: "ledger-test" });
  pay = await startSandbox("int");
});

afterAll(async () => {
  await pay?.close();
  await db?.$disconnect();
  await database?.drop();
});

const DAY = 86_400;
const payouts = (now: Date, extra: Partial<PayoutDeps> = {}): PayoutDeps => ({ db, provider: pay.provider, holdSeconds: 7 * DAY, periodSeconds: DAY, now: () => now, ...extra });
const days = (n: number) => new Date(Date.now() + n * DAY * 1000);

describe("the database", () => {
  it("refuses an entry whose lines do not sum to zero, or that has one line, at commit", async () => {
    const tenantId = await makeTenant(db, "unbalanced");
    const attempt = (amounts: number[]) =>
      asPlatform(db, async (tx) => {
        const entryId = crypto.randomUUID();
        await tx.ledgerEntry.create({ data: { id: entryId, tenantId, kind: "SALE", sourceKey: `raw:${entryId}`, currency: "EUR", memo: "raw" } });
        for (const [i, amount] of amounts.entries()) {
          const account = await accountId(tx, tenantId, i === 0 ? "SELLER_PAYABLE" : "PAYMENT_CLEARING", "EUR");
          await tx.ledgerLine.create({ data: { entryId, tenantId, accountId: account, currency: "EUR", amount } });
        }
      });
    await expect(attempt([-100, 99])).rejects.toThrow(/does not balance: EUR -1/);
    await expect(attempt([-100])).rejects.toThrow(/at least two/);
    await expect(attempt([])).rejects.toThrow(/at least two/);
    await attempt([-100, 100]);
    expect(await asPlatform(db, (tx) => tx.ledgerEntry.count({ where: { tenantId } }))).toBe(1);
  });

  it("refuses a line in another currency than its entry and account, and any update or delete", async () => {
    const tenantId = await makeTenant(db, "append-only");
    const [order] = (await makeGroup(db, [{ tenantId, total: 1_000, commission: 150 }])).orderIds;
    const entryId = await asPlatform(db, (tx) => post(tx, { tenantId, kind: "SALE", sourceKey: `t:${order}`, currency: "EUR", memo: "t", lines: [{ code: "PAYMENT_CLEARING", amount: 5 }, { code: "SELLER_PAYABLE", amount: -5 }] }));
    await expect(
      asPlatform(db, async (tx) => {
        const usd = await accountId(tx, tenantId, "PAYMENT_CLEARING", "USD");
        await tx.ledgerLine.create({ data: { entryId: entryId!, tenantId, accountId: usd, currency: "USD", amount: 5 } });
      }),
    ).rejects.toThrow(/foreign key/i);
    await expect(asPlatform(db, (tx) => tx.$executeRaw`UPDATE ledger_lines SET amount = 6 WHERE entry_id = ${entryId}::uuid`)).rejects.toThrow(/permission denied/);
    await expect(asPlatform(db, (tx) => tx.$executeRaw`DELETE FROM ledger_entries WHERE id = ${entryId}::uuid`)).rejects.toThrow(/permission denied/);
  });
});

describe("postings from events", () => {
  it("post one sale per captured order with its stored commission and platform-funded discount; a replay posts nothing", async () => {
    const [a, b] = [await makeTenant(db, "sale-a"), await makeTenant(db, "sale-b")];
    const g = await makeGroup(db, [
      { tenantId: a, total: 9_000, commission: 1_500, discount: 1_000, fundedBy: "PLATFORM" },
      { tenantId: b, total: 4_000, commission: 320 },
    ]);
    const event = captured(g.groupId, g.total);
    expect(await asPlatform(db, (tx) => postCapture(tx, event))).toHaveLength(2);
    expect(await asPlatform(db, (tx) => postCapture(tx, event))).toEqual([]);
    expect(await asPlatform(db, (tx) => postCapture(tx, { ...event, paymentId: crypto.randomUUID() }))).toEqual([]);
    expect(await owed(db, a)).toBe(9_000 + 1_000 - 1_500);
    expect(await owed(db, b)).toBe(4_000 - 320);
    expect(await ledgerSums(db)).toEqual({ EUR: 0 });
  });

  it("reverse a sale cancelled after capture, and post nothing for an order cancelled before it (in either order)", async () => {
    const [a, b] = [await makeTenant(db, "cancel-a"), await makeTenant(db, "cancel-b")];
    const g = await makeGroup(db, [{ tenantId: a, total: 2_000, commission: 300 }, { tenantId: b, total: 3_000, commission: 450 }]);
    // b cancelled before the capture: the capture (of a's share only) leaves it out.
    await asPlatform(db, (tx) => tx.order.update({ where: { id: g.orderIds[1]! }, data: { status: "CANCELLED" } }));
    const cancelB = { groupId: g.groupId, orderId: g.orderIds[1]!, tenantId: b, amount: 3_000, currency: "EUR", actorId: crypto.randomUUID() };
    expect(await asPlatform(db, (tx) => postCancellation(tx, cancelB))).toBeNull();
    expect(await asPlatform(db, (tx) => postCapture(tx, captured(g.groupId, 2_000)))).toHaveLength(1);
    expect(await owed(db, b)).toBe(0);
    // a cancelled after its sale was posted: reversed once, however often the event comes.
    await asPlatform(db, (tx) => tx.order.update({ where: { id: g.orderIds[0]! }, data: { status: "CANCELLED" } }));
    const cancelA = { ...cancelB, orderId: g.orderIds[0]!, tenantId: a, amount: 2_000 };
    expect(await asPlatform(db, (tx) => postCancellation(tx, cancelA))).not.toBeNull();
    expect(await asPlatform(db, (tx) => postCancellation(tx, cancelA))).toBeNull();
    expect(await owed(db, a)).toBe(0);
    expect(await ledgerSums(db)).toEqual({ EUR: 0 });
  });

  it("never leave a cancelled order's sale standing when the capture and the cancellation race", { timeout: 60_000 }, async () => {
    const seller = await makeTenant(db, "cancel-race");
    const groups = await Promise.all(Array.from({ length: 10 }, () => makeGroup(db, [{ tenantId: seller, total: 1_000, commission: 100 }])));
    await Promise.all(
      groups.flatMap((g) => [
        asPlatform(db, (tx) => postCapture(tx, captured(g.groupId, 1_000))),
        (async () => {
          await asPlatform(db, (tx) => tx.order.update({ where: { id: g.orderIds[0]! }, data: { status: "CANCELLED" } }));
          await asPlatform(db, (tx) => postCancellation(tx, { groupId: g.groupId, orderId: g.orderIds[0]!, tenantId: seller, amount: 1_000, currency: "EUR", actorId: crypto.randomUUID() }));
        })(),
      ]),
    );
    for (const g of groups) {
      const kinds = (await asPlatform(db, (tx) => tx.ledgerEntry.findMany({ where: { orderId: g.orderIds[0]! } }))).map((e) => e.kind).sort();
      expect([[], ["CANCELLATION", "SALE"]]).toContainEqual(kinds);
    }
    expect(await owed(db, seller)).toBe(0);
    expect(await ledgerSums(db)).toEqual({ EUR: 0 });
  });

  it("take a refund back from the seller less the commission returned in proportion, once per refund", async () => {
    const a = await makeTenant(db, "refund");
    const g = await makeGroup(db, [{ tenantId: a, total: 10_000, commission: 1_500 }]);
    await asPlatform(db, (tx) => postCapture(tx, captured(g.groupId, 10_000)));
    const refund = (refundId: string, amount: number, refundedTotal: number) => ({
      groupId: g.groupId, orderId: g.orderIds[0]!, tenantId: a, refundId, amount, refundedTotal, full: refundedTotal === 10_000, currency: "EUR", reason: "damaged", actorId: crypto.randomUUID(),
    });
    const first = refund(crypto.randomUUID(), 4_000, 4_000);
    expect(await asPlatform(db, (tx) => postRefund(tx, first))).not.toBeNull();
    expect(await asPlatform(db, (tx) => postRefund(tx, first))).toBeNull();
    expect(await owed(db, a)).toBe(8_500 - (4_000 - 600));
    await asPlatform(db, (tx) => postRefund(tx, refund(crypto.randomUUID(), 6_000, 10_000)));
    expect(await owed(db, a)).toBe(0);
    const revenue = await asPlatform(db, (tx) => tx.ledgerLine.aggregate({ _sum: { amount: true }, where: { tenantId: a, account: { code: "COMMISSION_REVENUE" } } }));
    expect(revenue._sum.amount).toBe(0);
  });
});

describe("payouts", () => {
  it("pay only what is past the hold period; a refund after the payout goes negative and the next payout nets it", async () => {
    const a = await makeTenant(db, "payout");
    const mine = () => asPlatform(db, (tx) => tx.payout.findMany({ where: { tenantId: a }, orderBy: { createdAt: "asc" } }));
    const g1 = await makeGroup(db, [{ tenantId: a, total: 10_000, commission: 1_000 }]);
    await asPlatform(db, (tx) => postCapture(tx, captured(g1.groupId, 10_000)));
    // Within the hold period nothing is due.
    await runPayouts(payouts(days(1)));
    expect(await mine()).toEqual([]);
    const first = await runPayouts(payouts(days(8)));
    const [p1] = await mine();
    expect(p1).toMatchObject({ tenantId: a, amount: 9_000, status: "PAID", transferId: expect.stringMatching(/^tr_/) });
    expect(first.created).toContain(p1!.id);
    expect(first.settled).toContain(p1!.id);
    expect(await owed(db, a)).toBe(0);
    // The same period again: nothing new.
    await runPayouts(payouts(days(8)));
    expect(await mine()).toHaveLength(1);

    await asPlatform(db, (tx) =>
      postRefund(tx, { groupId: g1.groupId, orderId: g1.orderIds[0]!, tenantId: a, refundId: crypto.randomUUID(), amount: 5_000, refundedTotal: 5_000, full: false, currency: "EUR", reason: "late", actorId: crypto.randomUUID() }),
    );
    expect(await owed(db, a)).toBe(-4_500);
    await runPayouts(payouts(days(9)));
    expect(await mine()).toHaveLength(1);

    // A new sale: once past its hold, the payout is the sale less what the refund took.
    const g2 = await makeGroup(db, [{ tenantId: a, total: 6_000, commission: 600 }]);
    await asPlatform(db, (tx) => postCapture(tx, captured(g2.groupId, 6_000)));
    await runPayouts(payouts(days(17)));
    const [, p2] = await mine();
    expect(p2).toMatchObject({ amount: 5_400 - 4_500, status: "PAID" });
    expect(await owed(db, a)).toBe(0);
    expect(await ledgerSums(db)).toEqual({ EUR: 0 });
    const inTransit = await asPlatform(db, (tx) => tx.ledgerLine.aggregate({ _sum: { amount: true }, where: { tenantId: a, account: { code: "PAYOUTS_IN_TRANSIT" } } }));
    expect(inTransit._sum.amount).toBe(0);
  });

  it("returns a refused transfer's money to the seller's balance, payable again at once", async () => {
    const a = await makeTenant(db, "payout-fail");
    const g = await makeGroup(db, [{ tenantId: a, total: 1_000, commission: 100 }]);
    await asPlatform(db, (tx) => postCapture(tx, captured(g.groupId, 1_000)));
    const refusing: PaymentProvider = {
      name: "sandbox",
      authorize: (i) => pay.provider.authorize(i),
      capture: (i) => pay.provider.capture(i),
      void: (i) => pay.provider.void(i),
      refund: (i) => pay.provider.refund(i),
      parseAndVerifyWebhook: (b, h, n) => pay.provider.parseAndVerifyWebhook(b, h, n),
      payout: () => Promise.reject(new ProviderError("sandbox", "account_invalid", "no such destination", 400)),
    };
    await runPayouts(payouts(days(40), { provider: refusing }));
    const [failed] = await asPlatform(db, (tx) => tx.payout.findMany({ where: { tenantId: a } }));
    expect(failed).toMatchObject({ status: "FAILED", failureCode: "account_invalid", amount: 900 });
    expect(await owed(db, a)).toBe(900);
    // The next period pays it (a failed payout's money is not held again).
    await runPayouts(payouts(days(41)));
    const paid = await asPlatform(db, (tx) => tx.payout.findMany({ where: { tenantId: a, status: "PAID" } }));
    expect(paid.map((p) => p.amount)).toEqual([900]);
    expect(await owed(db, a)).toBe(0);
  });

  it("racing payout runs create exactly one payout per seller and period, and the books balance", { timeout: 60_000 }, async () => {
    const sellers = await Promise.all(Array.from({ length: 4 }, (_, i) => makeTenant(db, `race-${i}`)));
    for (const s of sellers) {
      const g = await makeGroup(db, [{ tenantId: s, total: 5_000, commission: 500 }]);
      await asPlatform(db, (tx) => postCapture(tx, captured(g.groupId, 5_000)));
    }
    const now = days(50);
    const runs = await Promise.all(Array.from({ length: 8 }, () => runPayouts(payouts(now, { leaseMs: 60_000 }))));
    const all = await asPlatform(db, (tx) => tx.payout.findMany({ where: { tenantId: { in: sellers } } }));
    expect(all).toHaveLength(4);
    expect(new Set(all.map((p) => p.tenantId)).size).toBe(4);
    expect(all.every((p) => p.status === "PAID" && p.amount === 4_500)).toBe(true);
    const ids = new Set(all.map((p) => p.id));
    expect(runs.flatMap((r) => r.created).filter((id) => ids.has(id)).sort()).toEqual([...ids].sort());
    expect(runs.flatMap((r) => r.settled).filter((id) => ids.has(id)).sort()).toEqual([...ids].sort());
    for (const s of sellers) expect(await owed(db, s)).toBe(0);
    expect(await ledgerSums(db)).toEqual({ EUR: 0 });
  });
});
