// Registers the Debezium connector that streams `stock_levels` of the database in DATABASE_REPLICATION_URL
// to `<KAFKA_TOPIC_PREFIX>inventory.cdc`. Idempotent: a second run updates the config in place.
// Usage: pnpm --filter @bazaar/events cdc:register   (after migrations and `topics`)
import { registerStockCdc } from "../cdc/connector";
import { eventsEnv } from "../env";

const env = eventsEnv();
const { spec, created } = await registerStockCdc(env.CONNECT_URL, {
  replicationUrl: env.DATABASE_REPLICATION_URL,
  naming: { prefix: env.KAFKA_TOPIC_PREFIX },
});
console.log(`connector ${spec.name} ${created ? "created" : "updated"} and RUNNING: slot ${spec.slotName}, topic ${spec.topic}`);
