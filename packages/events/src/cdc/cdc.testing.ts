import type { Kafka } from "kafkajs";
import { eventsEnv } from "../env";
import { provisionTopics } from "../provision";
import { dlqSpecFor, eventTopics, resolveTopicSpecs, type TopicNaming } from "../topics";
import { deleteConnector, registerStockCdc, type ConnectorSpec } from "./connector";
import { dropSlot, slotInfo } from "./slot";

export interface TestStockCdc {
  spec: ConnectorSpec;
  replicationUrl: string;
  /** Deletes the connector and drops its slot (before the test database is dropped: a slot pins it). */
  stop(): Promise<void>;
}

/** The replication URL of `infra env`, pointed at another database on the same server. */
export function replicationUrlFor(database: string): string {
  const url = new URL(eventsEnv().DATABASE_REPLICATION_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates `<prefix>inventory.cdc` and its DLQ, as the `topics` script does for the real prefix. */
export async function provisionCdcTopic(kafka: Kafka, naming: TopicNaming): Promise<void> {
  const spec = eventTopics.find((t) => t.name === "inventory.cdc")!;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin, resolveTopicSpecs([spec, dlqSpecFor(spec)], { prefix: naming.prefix }));
  } finally {
    await admin.disconnect();
  }
}

/**
 * A Debezium connector of a test's own database (own slot, own topic.prefix) routed to the test's
 * `<prefix>inventory.cdc`, registered on the Connect worker of CONNECT_URL. Resolves once the connector
 * streams and its slot exists, so every change committed afterwards is captured.
 */
export async function startTestStockCdc(database: string, naming: TopicNaming): Promise<TestStockCdc> {
  const env = eventsEnv();
  const replicationUrl = replicationUrlFor(database);
  const { spec } = await registerStockCdc(env.CONNECT_URL, { replicationUrl, naming });
  const deadline = Date.now() + 60_000;
  while (!(await slotInfo(replicationUrl, spec.slotName))) {
    if (Date.now() >= deadline) throw new Error(`slot ${spec.slotName} not created within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    spec,
    replicationUrl,
    async stop() {
      await deleteConnector(env.CONNECT_URL, spec.name);
      await dropSlot(replicationUrl, spec.slotName);
    },
  };
}
