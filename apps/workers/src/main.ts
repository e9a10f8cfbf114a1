import { createDb } from "@bazaar/db";
import { createKafka } from "@bazaar/events";
import { createLogger, onShutdown, startOpsServer, startTelemetry } from "@bazaar/observability";
import { workersEnv } from "./env";
import { createWorkerHost } from "./host";
import { resolveWorkers } from "./registry";

const env = workersEnv();
const telemetry = startTelemetry({ serviceName: "workers" });
const logger = createLogger("workers");

const definitions = resolveWorkers(env.WORKERS);
const db = createDb({ applicationName: `workers:${env.WORKERS.join("+")}` });
const kafka = createKafka({ logger });
const deps = { db, kafka, logger, databaseUrl: env.DATABASE_URL, naming: { prefix: env.KAFKA_TOPIC_PREFIX } };
const host = createWorkerHost(
  definitions.map((d) => d.create(deps)),
  logger,
);

let stopping = false;
const ops = await startOpsServer({
  port: env.WORKERS_OPS_PORT,
  host: env.WORKERS_OPS_HOST,
  service: "workers",
  checks: {
    accepting: async () => {
      if (stopping) throw new Error("shutting down");
    },
    postgres: async () => {
      await db.$queryRaw`SELECT 1`;
    },
    ...host.checks(),
  },
});

onShutdown(
  logger,
  [
    {
      name: "workers",
      run: async () => {
        stopping = true;
        await host.stop();
      },
    },
    { name: "ops", run: () => ops.close() },
    { name: "postgres", run: () => db.$disconnect() },
    { name: "telemetry", run: () => telemetry.shutdown() },
  ],
  env.WORKERS_SHUTDOWN_DEADLINE_MS,
);

logger.info("workers starting", { workers: env.WORKERS, ops: ops.url });
try {
  await host.start();
} catch (error) {
  logger.error("workers did not start; exiting", { error });
  await ops.close();
  await db.$disconnect();
  await telemetry.shutdown();
  process.exit(1);
}
