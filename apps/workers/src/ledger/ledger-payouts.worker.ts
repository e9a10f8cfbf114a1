import { apiEnv } from "@bazaar/api/env";
import { runPayouts, type PayoutDeps } from "@bazaar/api/ledger";
import { metrics } from "@bazaar/observability";
import { activeProvider, paymentsEnv } from "@bazaar/payments";
import { periodicWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { ledgerWorkersEnv } from "./env";

export const LEDGER_PAYOUTS = "ledger-payouts";

const payoutsTotal = metrics.counter({ name: "ledger_payouts_total", help: "Payouts by what the run did with them", labelNames: ["outcome"] as const });

export function payoutDepsFromEnv(deps: WorkerDeps): PayoutDeps {
  const api = apiEnv();
  return { db: deps.db, provider: activeProvider(paymentsEnv()), holdSeconds: api.PAYOUT_HOLD_SECONDS, periodSeconds: api.PAYOUT_PERIOD_SECONDS };
}

/**
 * The payout schedule: each pass pays every seller's available balance (per currency, past the hold
 * period, once per period) through the installation's provider. Safe in every workers process at once:
 * the payouts table allows one payout per seller and period, and transfers carry the payout id as key.
 */
export function createLedgerPayoutsWorker(deps: WorkerDeps, options: { payouts?: PayoutDeps; intervalMs?: number } = {}): Worker {
  const payouts = options.payouts ?? payoutDepsFromEnv(deps);
  const logger = deps.logger.child({ worker: LEDGER_PAYOUTS });
  return periodicWorker({
    name: LEDGER_PAYOUTS,
    label: "payout run",
    intervalMs: options.intervalMs ?? ledgerWorkersEnv().LEDGER_PAYOUT_RUN_INTERVAL_MS,
    logger,
    async pass() {
      const run = await runPayouts(payouts);
      payoutsTotal.inc({ outcome: "created" }, run.created.length);
      payoutsTotal.inc({ outcome: "settled" }, run.settled.length);
      payoutsTotal.inc({ outcome: "failed" }, run.failed.length);
      if (run.created.length + run.settled.length + run.failed.length > 0) logger.info("payout run", { created: run.created.length, settled: run.settled.length, failed: run.failed.length });
    },
  });
}

export const ledgerPayoutsWorker: WorkerDefinition = {
  name: LEDGER_PAYOUTS,
  description: "ledger: pays sellers' balances past the hold period through the payment provider's transfer, once per seller and period",
  create: (deps) => createLedgerPayoutsWorker(deps),
};
