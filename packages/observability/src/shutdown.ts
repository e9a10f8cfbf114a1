import { type Logger } from "./logger";

export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
}

/**
 * On SIGTERM/SIGINT runs the steps in order (stop intake first, close connections last) and exits.
 * A second signal or the deadline forces exit so a stuck dependency cannot keep a pod terminating.
 */
export function onShutdown(logger: Logger, steps: ShutdownStep[], deadlineMs = 25_000): () => Promise<void> {
  let running: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    if (running) {
      logger.warn("second shutdown signal, exiting now", { signal });
      process.exit(1);
    }
    logger.info("shutting down", { signal });
    const deadline = setTimeout(() => {
      logger.error("shutdown deadline passed, exiting", { deadlineMs });
      process.exit(1);
    }, deadlineMs);
    deadline.unref();
    running = (async () => {
      let failed = false;
      for (const step of steps) {
        try {
          await step.run();
          logger.info("shutdown step done", { step: step.name });
        } catch (error) {
          failed = true;
          logger.error("shutdown step failed", { step: step.name, error });
        }
      }
      clearTimeout(deadline);
      process.exitCode = failed ? 1 : 0;
    })();
    return running;
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  return () => shutdown("manual");
}
