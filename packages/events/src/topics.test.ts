import { describe, expect, it } from "vitest";
import { formatProvisionTable, topicConfigEntries } from "./provision";
import { dlqSpecFor, eventTopics, replicationFor, resolveTopicSpecs, testTopicSpecs, topicRegistry } from "./topics";

describe("topic registry", () => {
  it("has the hot-path topics and one topic per domain, each with a DLQ", () => {
    const names = topicRegistry.map((t) => t.name);
    for (const t of [
      "orders.events",
      "payments.events",
      "inventory.cdc",
      "inventory.events",
      "identity.events",
      "tenants.events",
      "stores.events",
      "catalog.events",
      "media.events",
      "cart.events",
      "reviews.events",
      "notifications.events",
      "audit.events",
      "search.events",
    ]) {
      expect(names).toContain(t);
      expect(names).toContain(`${t}.dlq`);
    }
    expect(names).toHaveLength(eventTopics.length * 2);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
  });

  it("derives min.insync.replicas from the replication factor", () => {
    expect(replicationFor(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(replicationFor(2)).toEqual({ replicationFactor: 2, minInsyncReplicas: 1 });
    expect(replicationFor(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it("applies a prefix and a cluster size", () => {
    const specs = resolveTopicSpecs(topicRegistry, { prefix: "it.x.", replicationFactor: 3 });
    expect(specs.every((s) => s.name.startsWith("it.x.") && s.replicationFactor === 3 && s.minInsyncReplicas === 2)).toBe(true);
    expect(testTopicSpecs("p.").map((s) => s.name)).toEqual(["p.test.events", "p.test.events.dlq"]);
  });

  it("gives a DLQ one partition and at least 30 days", () => {
    const dlq = dlqSpecFor(eventTopics[0]);
    expect(dlq).toMatchObject({ name: "orders.events.dlq", partitions: 1, cleanupPolicy: "delete" });
    expect(dlq.retentionMs).toBeGreaterThanOrEqual(30 * 86_400_000);
  });

  it("sends every owned config and prints a table", () => {
    expect(topicConfigEntries(eventTopics[0]).map((e) => e.name)).toEqual(["retention.ms", "cleanup.policy", "min.insync.replicas"]);
    const table = formatProvisionTable([
      { topic: "a.events", action: "created", partitions: 3, replicationFactor: 1, minInsyncReplicas: 1, retentionMs: 1000, cleanupPolicy: "delete", notes: [] },
      { topic: "b", action: "updated", partitions: 6, replicationFactor: 1, minInsyncReplicas: 1, retentionMs: 1000, cleanupPolicy: "delete", notes: ["partitions 3 -> 6"] },
    ]);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^topic\s+action\s+partitions/);
    expect(lines[3]).toContain("partitions 3 -> 6");
  });
});
