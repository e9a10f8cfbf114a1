// Lists or replays a topic's dead letters. Usage: pnpm --filter @bazaar/events dlq list|replay <topic> ...
import { createDb } from "@bazaar/db";
import { runDlqCli } from "../dlq-cli";
import { eventsEnv } from "../env";
import { createKafka } from "../kafka";

const env = eventsEnv();
const db = createDb({ url: env.DATABASE_URL, poolSize: 1, applicationName: "dlq-cli" });
const kafka = createKafka({ clientId: `${env.KAFKA_CLIENT_ID}-dlq-cli` });
try {
  process.exitCode = await runDlqCli(process.argv.slice(2), { db, kafka, naming: { prefix: env.KAFKA_TOPIC_PREFIX }, out: (line) => console.log(line) });
} finally {
  await db.$disconnect();
}
