// Removes the stock CDC connector of the database in DATABASE_REPLICATION_URL: stops it, resets its
// offsets, deletes it and drops its replication slot. Run before dropping or resetting that database
// (a slot keeps its database from being dropped); `cdc:register` afterwards starts over with a snapshot.
// Usage: pnpm --filter @bazaar/events cdc:unregister
import { deleteConnector, stockCdcConnector } from "../cdc/connector";
import { dropSlot } from "../cdc/slot";
import { eventsEnv } from "../env";

const env = eventsEnv();
const spec = stockCdcConnector({ replicationUrl: env.DATABASE_REPLICATION_URL, naming: { prefix: env.KAFKA_TOPIC_PREFIX } });
await deleteConnector(env.CONNECT_URL, spec.name);
await dropSlot(env.DATABASE_REPLICATION_URL, spec.slotName);
console.log(`connector ${spec.name} removed, slot ${spec.slotName} dropped`);
