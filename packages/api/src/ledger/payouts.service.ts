import { asPlatform, type Db, type Payout, type Tx } from "@bazaar/db";
import { ProviderError, type PaymentProvider } from "@bazaar/payments";
import { calling } from "../payments/payments.service";
import { payoutLines, periodStart } from "./ledger-math";
import { availableBalance, lockSellerAccount, post } from "./ledger.service";
import { transitionPayout } from "./payout-status";
import { returnedPosting, settledPosting } from "./payout-webhook.service";

// The payout run (apps/workers ledger-payouts, on a schedule). Two phases, each safe to run in any
// number of processes at once and to be killed anywhere:
//
// 1. create: per seller and currency, under the seller account's lock, the available balance (credits
//    older than the hold period, every debit at once) becomes a PENDING payout and its PAYOUT entry in
//    one transaction. `payouts` is unique per (seller, currency, period), so racing runs create one.
// 2. send: PENDING payouts are leased (SKIP LOCKED) and transferred with the payout id as the
//    provider's idempotency key, then moved on. A runner that dies after the provider answered leaves
//    the payout PENDING; the next run, once the lease ran out, asks again with the same key and the
//    provider replays the same transfer — never a second one.

export interface PayoutDeps {
  db: Db;
  provider: PaymentProvider;
  holdSeconds: number;
  periodSeconds: number;
  now?: () => Date;
  /** How long a runner holds a payout it is transferring before another may resume it. */
  leaseMs?: number;
  /** Test hook: called before and after the provider call (a crash test stops the process there). */
  onStep?: (step: "transfer" | "transferred", payoutId: string, transferId?: string) => void | Promise<void>;
}

export interface PayoutRun {
  created: string[];
  settled: string[];
  failed: string[];
}

/** Where the seller asked to be paid at this provider (payouts.setDestination); none: the balance accrues. */
async function destinationOf(tx: Tx, tenantId: string, provider: PaymentProvider["name"]): Promise<string | null> {
  const row = await tx.sellerPayoutAccount.findUnique({ where: { tenantId_provider: { tenantId, provider } } });
  return row?.destination ?? null;
}

async function createDuePayouts(deps: PayoutDeps, now: Date): Promise<string[]> {
  const cutoff = new Date(now.getTime() - deps.holdSeconds * 1000);
  const period = periodStart(now, deps.periodSeconds);
  const accounts = await asPlatform(deps.db, (tx) =>
    tx.ledgerAccount.findMany({ where: { code: "SELLER_PAYABLE", tenantId: { not: null } }, select: { tenantId: true, currency: true }, orderBy: { id: "asc" } }),
  );
  const created: string[] = [];
  for (const { tenantId, currency } of accounts) {
    const id = await asPlatform(deps.db, async (tx) => {
      const account = await lockSellerAccount(tx, tenantId!, currency);
      const amount = await availableBalance(tx, account, cutoff);
      if (amount <= 0) return null;
      const destination = await destinationOf(tx, tenantId!, deps.provider.name);
      if (!destination) return null;
      const [row] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO payouts (id, tenant_id, currency, amount, period_start, cutoff, provider, destination, created_at, updated_at)
        VALUES (gen_random_uuid(), ${tenantId}::uuid, ${currency}, ${amount}, ${period}, ${cutoff}, ${deps.provider.name}, ${destination}, ${now}, ${now})
        ON CONFLICT (tenant_id, currency, period_start) DO NOTHING
        RETURNING id::text`;
      if (!row) return null;
      await post(tx, { tenantId: tenantId!, kind: "PAYOUT", sourceKey: `payout:${row.id}`, currency, payoutId: row.id, memo: `payout ${row.id}`, lines: payoutLines(amount), postedAt: now });
      return row.id;
    });
    if (id) created.push(id);
  }
  return created;
}

async function lease(deps: PayoutDeps, now: Date, limit: number): Promise<Payout[]> {
  const until = new Date(now.getTime() + (deps.leaseMs ?? 60_000));
  return asPlatform(deps.db, (tx) =>
    tx.$queryRaw<Payout[]>`
      UPDATE payouts SET lease_until = ${until}, attempts = attempts + 1, updated_at = ${now}
       WHERE id IN (SELECT id FROM payouts WHERE status = 'PENDING' AND (lease_until IS NULL OR lease_until <= ${now})
                     ORDER BY created_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id, tenant_id AS "tenantId", currency, amount, destination`,
  );
}

/** With the payout id as the key: a retry (or a racing runner's call) replays the same transfer. */
const transfer = (provider: PaymentProvider, p: Payout) =>
  calling(() => provider.payout({ destination: p.destination, amount: p.amount, currency: p.currency, idempotencyKey: `payout:${p.id}`, metadata: { payout_id: p.id, tenant_id: p.tenantId } }));

/** Records the provider's answer: PAID (settled entry), SENT (on its way: its webhook settles it), or FAILED (the money returns). */
async function settle(deps: PayoutDeps, p: Payout, outcome: { status: "paid" | "pending" | "failed"; transferId: string | null; failureCode?: string }, now: Date): Promise<"settled" | "failed" | null> {
  return asPlatform(deps.db, async (tx) => {
    // The provider's webhook (payout-webhook.service.ts) may have moved the payout first: each move is
    // conditional, so whichever comes second changes nothing.
    if (outcome.status === "failed") {
      if (!(await transitionPayout(tx, p.id, "PENDING", "FAILED", { transferId: outcome.transferId, failureCode: outcome.failureCode ?? "transfer-failed" }))) return null;
      await post(tx, returnedPosting(p, now));
      return "failed";
    }
    if (!(await transitionPayout(tx, p.id, "PENDING", "SENT", { transferId: outcome.transferId }))) return null;
    if (outcome.status === "pending") return null;
    await transitionPayout(tx, p.id, "SENT", "PAID");
    await post(tx, settledPosting(p, outcome.transferId, now));
    return "settled";
  });
}

async function sendPending(deps: PayoutDeps, now: Date, run: PayoutRun): Promise<void> {
  for (;;) {
    const batch = await lease(deps, now, 20);
    if (batch.length === 0) return;
    for (const p of batch) {
      await deps.onStep?.("transfer", p.id);
      let outcome: Parameters<typeof settle>[2];
      try {
        const result = await transfer(deps.provider, p);
        await deps.onStep?.("transferred", p.id, result.transferId);
        outcome = result;
      } catch (error) {
        // The provider refused the transfer itself (a 4xx): final. Anything else (network, 5xx) leaves
        // the payout PENDING; its lease runs out and a later run asks again with the same key.
        if (!(error instanceof ProviderError && error.httpStatus !== undefined && error.httpStatus >= 400 && error.httpStatus < 500)) throw error;
        outcome = { status: "failed", transferId: null, failureCode: error.code.slice(0, 200) };
      }
      const done = await settle(deps, p, outcome, now);
      if (done === "settled") run.settled.push(p.id);
      if (done === "failed") run.failed.push(p.id);
    }
  }
}

/** One payout run: create what is due this period, then send every PENDING payout nobody holds. */
export async function runPayouts(deps: PayoutDeps): Promise<PayoutRun> {
  const now = (deps.now ?? (() => new Date()))();
  const run: PayoutRun = { created: await createDuePayouts(deps, now), settled: [], failed: [] };
  await sendPending(deps, now, run);
  return run;
}
