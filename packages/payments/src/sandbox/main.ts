import { createLogger } from "@bazaar/observability";
import { sandboxEnv } from "../env";
import { SandboxServer } from "./sandbox-server";

// The payments sandbox as its own process (`pnpm --filter @bazaar/payments start`): scripts/up.sh starts
// it beside the API; tests start it on port 0 and read the address from the first log line.

const env = sandboxEnv();
const logger = createLogger("payments-sandbox");
const log = (message: string, fields: Record<string, unknown> = {}) => logger.info(message, fields);

const chaos = env.PAYMENTS_SANDBOX_CHAOS === "on";
const server = new SandboxServer({
  dbPath: env.PAYMENTS_SANDBOX_DB_PATH,
  webhookUrl: env.PAYMENTS_SANDBOX_WEBHOOK_URL,
  webhookSecret: env.PAYMENTS_SANDBOX_WEBHOOK_SECRET,
  ...(env.PAYMENTS_SANDBOX_PUBLIC_URL ? { publicUrl: env.PAYMENTS_SANDBOX_PUBLIC_URL } : {}),
  chaos: {
    duplicateRate: chaos ? env.PAYMENTS_SANDBOX_DUPLICATE_RATE : 0,
    reorderJitterMs: chaos ? env.PAYMENTS_SANDBOX_REORDER_JITTER_MS : 0,
    webhookBeforeResponse: false,
  },
  retryBaseMs: env.PAYMENTS_SANDBOX_RETRY_BASE_MS,
  maxAttempts: env.PAYMENTS_SANDBOX_MAX_ATTEMPTS,
  lateProcessorMs: env.PAYMENTS_SANDBOX_LATE_PROCESSOR_MS,
  payoutSettleMs: env.PAYMENTS_SANDBOX_PAYOUT_SETTLE_MS,
  log,
});

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log("payments sandbox stopping", { signal });
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

const { url } = await server.listen(env.PAYMENTS_SANDBOX_PORT, env.PAYMENTS_SANDBOX_HOST);
log("payments sandbox listening", { url, webhookUrl: env.PAYMENTS_SANDBOX_WEBHOOK_URL, chaos, db: env.PAYMENTS_SANDBOX_DB_PATH });
