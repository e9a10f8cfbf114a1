import { purgeExpiredRefreshTokens } from "@bazaar/api/server";
import type { Db } from "@bazaar/db";
import { INBOX_RETENTION_MS, OUTBOX_RETENTION_MS, purgeInboxBefore, purgePublishedOutboxBefore } from "@bazaar/events";
import { metrics, type Logger } from "@bazaar/observability";
import { workersEnv } from "../env";
import { periodicWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";

export type RetentionJobName = "refresh-tokens" | "inbox" | "outbox";

interface RetentionJob {
  name: RetentionJobName;
  /** Deletes one batch of what `now` makes expired; returns how many rows went. */
  purge(db: Db, now: Date, limit: number): Promise<number>;
}

export const retentionJobs: readonly RetentionJob[] = [
  { name: "refresh-tokens", purge: (db, now, limit) => purgeExpiredRefreshTokens(db, now, limit) },
  { name: "inbox", purge: (db, now, limit) => purgeInboxBefore(db, new Date(now.getTime() - INBOX_RETENTION_MS), limit) },
  { name: "outbox", purge: (db, now, limit) => purgePublishedOutboxBefore(db, new Date(now.getTime() - OUTBOX_RETENTION_MS), limit) },
];

const retentionMetrics = () => ({
  deleted: metrics.counter<"job">({ name: "bazaar_retention_deleted_total", help: "Rows deleted by retention jobs", labelNames: ["job"] }),
  runs: metrics.counter<"job" | "outcome">({
    name: "bazaar_retention_runs_total",
    help: "Retention job runs, by outcome (ok, failed)",
    labelNames: ["job", "outcome"],
  }),
  lastSuccess: metrics.gauge<"job">({
    name: "bazaar_retention_last_success_timestamp_seconds",
    help: "Unix time of each retention job's last successful run (alert when it falls behind)",
    labelNames: ["job"],
  }),
});

export interface RetentionOptions {
  /** Time between two runs of every job. Default 1 hour. */
  intervalMs?: number;
  /** Rows per DELETE: short transactions that never hold many locks at once. */
  batchSize?: number;
  clock?: () => Date;
}

/** One run of every job, each to completion in batches; a failing job is counted and does not stop the others. */
export async function runRetention(db: Db, logger: Logger, options: RetentionOptions = {}): Promise<Record<RetentionJobName, number>> {
  const m = retentionMetrics();
  const batchSize = options.batchSize ?? 5_000;
  const now = (options.clock ?? (() => new Date()))();
  const deleted = { "refresh-tokens": 0, inbox: 0, outbox: 0 } satisfies Record<RetentionJobName, number>;
  for (const job of retentionJobs) {
    try {
      for (;;) {
        const n = await job.purge(db, now, batchSize);
        deleted[job.name] += n;
        m.deleted.inc({ job: job.name }, n);
        if (n < batchSize) break;
      }
      m.runs.inc({ job: job.name, outcome: "ok" });
      m.lastSuccess.set({ job: job.name }, now.getTime() / 1000);
    } catch (error) {
      m.runs.inc({ job: job.name, outcome: "failed" });
      logger.error("retention job failed", { job: job.name, error });
    }
  }
  if (Object.values(deleted).some((n) => n > 0)) logger.info("retention run", { deleted });
  return deleted;
}

/** Runs the retention jobs at start and then every `intervalMs`; stop() waits for a run in flight. */
export function createRetentionWorker(deps: WorkerDeps, options: RetentionOptions = {}): Worker {
  const logger = deps.logger.child({ worker: "retention" });
  const intervalMs = options.intervalMs ?? 3_600_000;
  return periodicWorker({ name: "retention", label: "retention worker", intervalMs, logger, awaitFirstPass: false, pass: () => runRetention(deps.db, logger, options) });
}

export const retentionWorker: WorkerDefinition = {
  name: "retention",
  description: "deletes expired refresh tokens, old inbox rows and published outbox rows, hourly",
  create: (deps) => createRetentionWorker(deps, { intervalMs: workersEnv().RETENTION_INTERVAL_MS }),
};
