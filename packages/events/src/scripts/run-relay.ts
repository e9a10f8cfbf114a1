// Runs one outbox relay process until SIGTERM/SIGINT (standby if another relay holds the lock).
// Usage: pnpm --filter @bazaar/events relay   (DATABASE_URL, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, OUTBOX_RELAY_*)
import { createLogger, onShutdown } from "@bazaar/observability";
import { eventsEnv } from "../env";
import { createKafka } from "../kafka";
import { createPgOutboxStore } from "../outbox-store";
import { createProducer } from "../producer";
import { createRelay } from "../relay";

const env = eventsEnv();
const logger = createLogger("outbox-relay");
const producer = createProducer({ kafka: createKafka({ clientId: `${env.KAFKA_CLIENT_ID}-relay`, logger }) });
await producer.connect();
const relay = createRelay({
  store: createPgOutboxStore({ connectionString: env.DATABASE_URL, applicationName: "outbox-relay" }),
  producer,
  logger,
});
relay.start();
logger.info("outbox relay process started", { pid: process.pid });
onShutdown(logger, [
  { name: "relay", run: () => relay.stop() },
  { name: "producer", run: () => producer.disconnect() },
]);
