import { expireDueReservations } from "@bazaar/api/inventory";
import { asPlatform } from "@bazaar/db";
import { metrics } from "@bazaar/observability";
import { periodicWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { inventoryWorkersEnv } from "./env";

export const RESERVATION_SWEEPER = "reservation-sweeper";

const expired = metrics.counter({ name: "inventory_reservations_expired_total", help: "Reservations the sweeper expired (units given back)" });
const sweeps = metrics.counter({ name: "inventory_sweeps_total", help: "Sweeper passes by outcome", labelNames: ["outcome"] as const });
const sweepSeconds = metrics.histogram({
  name: "inventory_sweep_duration_seconds",
  help: "Duration of one sweeper pass (every due batch)",
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});
const lastSuccess = metrics.gauge({ name: "inventory_sweep_last_success_timestamp_seconds", help: "Unix time of the sweeper's last successful pass" });

export interface ReservationSweeperOptions {
  intervalMs?: number;
  batch?: number;
  /** The sweeper's clock (tests); default the machine's. */
  now?: () => Date;
}

/**
 * Expires ACTIVE reservations past their expiry, in batches of one transaction each. Safe to run in
 * every workers process: FOR UPDATE SKIP LOCKED hands each due reservation to exactly one sweeper.
 * A failed pass is logged and counted; the next tick tries again.
 */
export function createReservationSweeperWorker(deps: WorkerDeps, options: ReservationSweeperOptions = {}): Worker {
  const env = inventoryWorkersEnv();
  const intervalMs = options.intervalMs ?? env.INVENTORY_SWEEP_INTERVAL_MS;
  const batch = options.batch ?? env.INVENTORY_SWEEP_BATCH;
  const now = options.now ?? (() => new Date());
  const logger = deps.logger.child({ worker: RESERVATION_SWEEPER });
  return periodicWorker({
    name: RESERVATION_SWEEPER,
    label: "reservation sweeper",
    intervalMs,
    logger,
    async pass(isRunning) {
      const stopTimer = sweepSeconds.startTimer();
      try {
        let total = 0;
        for (;;) {
          const n = await asPlatform(deps.db, (tx) => expireDueReservations(tx, { now: now(), limit: batch }));
          total += n;
          expired.inc(n);
          if (n < batch || !isRunning()) break;
        }
        sweeps.inc({ outcome: "ok" });
        lastSuccess.set(Date.now() / 1000);
        if (total > 0) logger.info("reservations expired", { count: total });
      } catch (error) {
        sweeps.inc({ outcome: "error" });
        throw error;
      } finally {
        stopTimer();
      }
    },
  });
}

export const reservationSweeperWorker: WorkerDefinition = {
  name: RESERVATION_SWEEPER,
  description: "inventory: expires reservations past their expiry and gives their units back (SKIP LOCKED, safe to run anywhere)",
  create: (deps) => createReservationSweeperWorker(deps),
};
