// Creates or updates every registry topic (and its DLQ) on the cluster in KAFKA_BROKERS.
// Usage: pnpm --filter @bazaar/events topics   (KAFKA_REPLICATION_FACTOR=3 on the 3-broker cluster)
import { eventsEnv } from "../env";
import { createKafka } from "../kafka";
import { formatProvisionTable, provisionTopics } from "../provision";
import { resolveTopicSpecs, topicRegistry } from "../topics";

const env = eventsEnv();
const admin = createKafka({ clientId: `${env.KAFKA_CLIENT_ID}-provisioner` }).admin();
await admin.connect();
try {
  const rows = await provisionTopics(
    admin,
    resolveTopicSpecs(topicRegistry, { prefix: env.KAFKA_TOPIC_PREFIX, replicationFactor: env.KAFKA_REPLICATION_FACTOR }),
  );
  console.log(formatProvisionTable(rows));
  const counts = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.action]: (acc[r.action] ?? 0) + 1 }), {});
  console.log(`\n${rows.length} topics: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(", ")}`);
} finally {
  await admin.disconnect();
}
