import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafka } from "./kafka";
import { provisionTopics } from "./provision";
import { deleteTopicsWithPrefix, uniqueTopicPrefix, waitUntil } from "./testing";
import { resolveTopicSpecs, topicRegistry } from "./topics";

const { ConfigResourceTypes } = kafkajs;
const kafka = createKafka({ clientId: "events-provision-test" });
const admin = kafka.admin();
const prefix = uniqueTopicPrefix("provision");
const specs = resolveTopicSpecs(topicRegistry, { prefix, replicationFactor: 1 });

beforeAll(() => admin.connect());
afterAll(async () => {
  await deleteTopicsWithPrefix(kafka, prefix);
  await admin.disconnect();
});

async function describeTopic(name: string) {
  const { topics } = await admin.fetchTopicMetadata({ topics: [name] });
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames: ["retention.ms", "cleanup.policy", "min.insync.replicas"] }],
  });
  return {
    partitions: topics[0]!.partitions.length,
    configs: Object.fromEntries(resources[0]!.configEntries.map((e) => [e.configName, e.configValue])),
  };
}

describe("provisionTopics against Kafka", () => {
  it("creates every topic with its DLQ, then reports them unchanged", async () => {
    const first = await provisionTopics(admin, specs);
    expect(first.map((r) => r.action)).toEqual(specs.map(() => "created"));
    const orders = specs.find((s) => s.name === `${prefix}orders.events`)!;
    expect(await describeTopic(orders.name)).toEqual({
      partitions: orders.partitions,
      configs: { "retention.ms": String(orders.retentionMs), "cleanup.policy": "delete", "min.insync.replicas": "1" },
    });

    const second = await provisionTopics(admin, specs);
    expect(second.every((r) => r.action === "unchanged" && r.notes.length === 0)).toBe(true);
  });

  it("raises partitions and restores drifted configs, and never lowers partitions", async () => {
    const name = `${prefix}catalog.events`;
    const spec = specs.find((s) => s.name === name)!;
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name, configEntries: [{ name: "retention.ms", value: "60000" }] }],
    });
    // Config changes reach the broker's metadata cache asynchronously (KRaft): wait until the drift shows.
    await waitUntil(async () => (await describeTopic(name)).configs["retention.ms"] === "60000", { description: "drifted retention" });
    const wider = specs.map((s) => (s.name === name ? { ...s, partitions: s.partitions + 2 } : s));
    const rows = await provisionTopics(admin, wider);
    const row = rows.find((r) => r.topic === name)!;
    expect(row.action).toBe("updated");
    expect(row.notes).toEqual(
      expect.arrayContaining([`partitions ${spec.partitions} -> ${spec.partitions + 2}`, `retention.ms 60000 -> ${spec.retentionMs}`]),
    );
    expect(rows.filter((r) => r.topic !== name).every((r) => r.action === "unchanged")).toBe(true);
    await waitUntil(
      async () => {
        const now = await describeTopic(name);
        return now.partitions === spec.partitions + 2 && now.configs["retention.ms"] === String(spec.retentionMs);
      },
      { description: "raised partitions and restored retention" },
    );

    const back = (await provisionTopics(admin, specs)).find((r) => r.topic === name)!;
    expect(back.action).toBe("unchanged");
    expect(back.notes).toEqual([`has ${spec.partitions + 2} partitions (> ${spec.partitions}); Kafka cannot lower them`]);
  });
});
