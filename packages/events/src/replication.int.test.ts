// Runs against a private three-broker cluster that this file starts and stops (cluster-harness.ts),
// not against the shared single broker in KAFKA_BROKERS.
import kafkajs, { type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startThreeBrokerCluster, type ThreeBrokerCluster } from "./cluster-harness";
import type { EventConsumer } from "./consumer";
import { createEventsHarness, effectSummary, startEffectsConsumer, startHarnessRelay, type EventsHarness } from "./harness";
import type { NewEvent } from "./event";
import { enqueueMany } from "./outbox";
import { createProducer, type EventProducer } from "./producer";
import { provisionTopics } from "./provision";
import type { OutboxRelay } from "./relay";
import { createHandlerSpy, ping, waitUntil, type HandlerSpy } from "./testing";
import { testTopics, type TopicSpec } from "./topics";

const { ConfigResourceTypes } = kafkajs;
const group = "replication";
let cluster: ThreeBrokerCluster;
let h: EventsHarness;
let admin: Admin;
let producer: EventProducer | undefined;
let consumer: EventConsumer | undefined;
let relay: OutboxRelay | undefined;

beforeAll(async () => {
  cluster = await startThreeBrokerCluster();
  h = await createEventsHarness("replication", { brokers: cluster.brokers });
  admin = h.kafka.admin();
  await admin.connect();
}, 240_000);

afterAll(async () => {
  try {
    await relay?.stop();
    await consumer?.stop();
    await producer?.disconnect();
    await admin?.disconnect();
    // The cluster goes away with its topics; only the database needs dropping.
    await h?.close({ keepTopics: true });
  } finally {
    await cluster?.stop();
  }
}, 120_000);

async function replicationOf(topic: string) {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ["min.insync.replicas"] }],
  });
  return {
    replicas: topics[0]!.partitions.map((p) => p.replicas.length),
    minIsr: resources[0]!.configEntries[0]?.configValue,
  };
}

describe("three-broker replication", () => {
  it("provisions RF 3 / min ISR 2 from the cluster even when the spec asks for 1", async () => {
    // The harness provisioned test.events from specs built with the env's default factor of 1.
    expect(testTopics[0].replicationFactor).toBe(1);
    expect(await replicationOf(h.topic)).toEqual({ replicas: [3, 3, 3], minIsr: "2" });
  });

  it("repairs a topic that was created with one replica", async () => {
    const name = `${h.prefix}under.replicated`;
    // kafkajs' own wait for leaders fails on the first broker that has not learnt of the topic yet;
    // provisioning waits for settled metadata itself.
    await admin.createTopics({
      waitForLeaders: false,
      topics: [{ topic: name, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: "min.insync.replicas", value: "1" }] }],
    });
    const spec: TopicSpec = { name, partitions: 3, replicationFactor: 1, minInsyncReplicas: 1, retentionMs: 86_400_000, cleanupPolicy: "delete" };
    const [row] = await provisionTopics(admin, [spec]);
    expect(row!.action).toBe("updated");
    expect(row!.notes).toEqual(expect.arrayContaining(["replicas 1 -> 3 (reassigned)", "min.insync.replicas 1 -> 2"]));
    await waitUntil(async () => JSON.stringify(await replicationOf(name)) === JSON.stringify({ replicas: [3, 3, 3], minIsr: "2" }), {
      description: "three replicas and min ISR 2",
    });
    // Brokers learn of config changes at their own pace; once they all have, another run changes nothing.
    await waitUntil(async () => (await provisionTopics(admin, [spec]))[0]!.action === "unchanged", { description: "a run with nothing left to do" });
  });

  it("publishes with acks=all while a partition leader is SIGKILLed: nothing lost, consumption goes on", { timeout: 240_000 }, async () => {
    const aggregates = 10;
    const perAggregate = 150;
    const events: NewEvent<"test.ping.sent">[] = [];
    for (let seq = 0; seq < perAggregate; seq++) for (let a = 0; a < aggregates; a++) events.push(ping(`agg-${a}`, seq));
    const ids: string[] = [];
    for (let i = 0; i < events.length; i += 100) {
      ids.push(...(await h.db.$transaction((tx) => enqueueMany(tx, events.slice(i, i + 100)))).map((e) => e.id));
    }

    const spy: HandlerSpy = createHandlerSpy();
    consumer = await startEffectsConsumer(h, group, spy, { batch: true });
    producer = createProducer({ kafka: h.kafka });
    await producer.connect();
    // Small batches: many acks=all round trips, so the kill lands mid-stream.
    relay = startHarnessRelay(h, producer, { batchSize: 10, errorBackoffMs: 200 });

    const r = relay;
    await waitUntil(() => r.published >= 200, { description: "the relay to be mid-stream" });
    const { topics } = await admin.fetchTopicMetadata({ topics: [h.topic] });
    const victim = topics[0]!.partitions.find((p) => p.partitionId === 0)!.leader;
    const publishedAtKill = r.published;
    const handledAtKill = spy.count("handled");
    await cluster.killBroker(victim);
    expect(publishedAtKill).toBeLessThan(ids.length);

    await spy.waitForAll(ids, { timeoutMs: 180_000 });
    expect(spy.count("handled")).toBeGreaterThan(handledAtKill);
    const summary = await effectSummary(h, group);
    expect(summary.distinctEvents).toBe(ids.length);
    expect(summary.rows).toBe(ids.length);
    for (let a = 0; a < aggregates; a++) {
      expect(summary.seqsByAggregate.get(`agg-${a}`)).toEqual(Array.from({ length: perAggregate }, (_, i) => i));
    }
  });
});
