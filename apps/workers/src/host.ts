import type { Logger, ReadinessCheck } from "@bazaar/observability";
import type { Worker } from "./worker";

export interface WorkerHost {
  readonly workers: readonly Worker[];
  /** One readiness check per worker, named `worker:<name>`. */
  checks(): Record<string, ReadinessCheck>;
  /** Starts every worker; if one fails, stops those already started and rethrows. */
  start(): Promise<void>;
  /** Stops every worker (in reverse order), logging each failure; never throws. */
  stop(): Promise<void>;
}

export function createWorkerHost(workers: readonly Worker[], logger: Logger): WorkerHost {
  const started: Worker[] = [];
  return {
    workers,
    checks: () => Object.fromEntries(workers.map((w) => [`worker:${w.name}`, w.ready])),
    async start() {
      const results = await Promise.allSettled(
        workers.map(async (w) => {
          await w.start();
          started.push(w);
          logger.info("worker started", { worker: w.name });
        }),
      );
      const failed = results.flatMap((r, i) => (r.status === "rejected" ? [{ worker: workers[i]!.name, error: r.reason as unknown }] : []));
      if (failed.length > 0) {
        for (const f of failed) logger.error("worker failed to start", f);
        await this.stop();
        throw new Error(`workers failed to start: ${failed.map((f) => f.worker).join(", ")}`);
      }
    },
    async stop() {
      for (const w of [...started].reverse()) {
        try {
          await w.stop();
          logger.info("worker stopped", { worker: w.name });
        } catch (error) {
          logger.error("worker failed to stop cleanly", { worker: w.name, error });
        }
      }
      started.length = 0;
    },
  };
}
