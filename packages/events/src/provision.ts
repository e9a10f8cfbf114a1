import kafkajs, { type Admin } from "kafkajs";

// kafkajs is CommonJS; Node's ESM loader cannot see its enum exports by name.
const { ConfigResourceTypes } = kafkajs;
import type { TopicSpec } from "./topics";

// The broker-side time limit for creating topics/partitions (kafkajs' default is 5 s, short for 24 topics
// on a loaded single broker).
const ADMIN_TIMEOUT_MS = 30_000;

export type ProvisionAction = "created" | "updated" | "unchanged";

export interface ProvisionRow {
  topic: string;
  action: ProvisionAction;
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  retentionMs: number;
  cleanupPolicy: string;
  /** What changed, or what differs and cannot be changed in place. */
  notes: string[];
}

/** The topic-level configs this registry owns; anything else on a topic is left to Kafka's defaults. */
export function topicConfigEntries(spec: TopicSpec): { name: string; value: string }[] {
  return [
    { name: "retention.ms", value: String(spec.retentionMs) },
    { name: "cleanup.policy", value: spec.cleanupPolicy },
    { name: "min.insync.replicas", value: String(spec.minInsyncReplicas) },
  ];
}

/**
 * Brings the cluster in line with `specs`: creates missing topics, raises partition counts that are
 * lower, and rewrites the owned configs where they differ. Idempotent: a second run reports every
 * topic `unchanged`. Partitions are never lowered (Kafka cannot) and the replication factor of an
 * existing topic is not reassigned; both are reported in `notes` instead.
 */
export async function provisionTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<ProvisionRow[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  const present = specs.filter((s) => existing.has(s.name));
  const rows = new Map<string, ProvisionRow>();
  const row = (spec: TopicSpec, action: ProvisionAction, notes: string[] = []): ProvisionRow => ({
    topic: spec.name,
    action,
    partitions: spec.partitions,
    replicationFactor: spec.replicationFactor,
    minInsyncReplicas: spec.minInsyncReplicas,
    retentionMs: spec.retentionMs,
    cleanupPolicy: spec.cleanupPolicy,
    notes,
  });

  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      timeout: ADMIN_TIMEOUT_MS,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor: s.replicationFactor,
        configEntries: topicConfigEntries(s),
      })),
    });
    for (const s of missing) rows.set(s.name, row(s, "created"));
  }

  if (present.length > 0) {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present.map((s) => s.name) });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((s) => ({
        type: ConfigResourceTypes.TOPIC,
        name: s.name,
        configNames: topicConfigEntries(s).map((e) => e.name),
      })),
    });

    const raise: { topic: string; count: number }[] = [];
    const alter: TopicSpec[] = [];
    for (const spec of present) {
      const notes: string[] = [];
      const meta = metadata.find((m) => m.name === spec.name);
      const currentPartitions = meta?.partitions.length ?? 0;
      const currentRf = meta?.partitions[0]?.replicas.length ?? 0;
      if (currentPartitions < spec.partitions) {
        raise.push({ topic: spec.name, count: spec.partitions });
        notes.push(`partitions ${currentPartitions} -> ${spec.partitions}`);
      } else if (currentPartitions > spec.partitions) {
        notes.push(`has ${currentPartitions} partitions (> ${spec.partitions}); Kafka cannot lower them`);
      }
      if (currentRf !== spec.replicationFactor) {
        notes.push(`replication factor is ${currentRf}, wanted ${spec.replicationFactor}; needs a reassignment`);
      }
      const resource = described.resources.find((r) => r.resourceName === spec.name);
      const current = new Map(resource?.configEntries.map((e) => [e.configName, e.configValue]) ?? []);
      const drift = topicConfigEntries(spec).filter((e) => current.get(e.name) !== e.value);
      if (drift.length > 0) {
        alter.push(spec);
        for (const d of drift) notes.push(`${d.name} ${current.get(d.name) ?? "?"} -> ${d.value}`);
      }
      const changed = raise.some((r) => r.topic === spec.name) || drift.length > 0;
      rows.set(spec.name, row(spec, changed ? "updated" : "unchanged", notes));
    }

    if (raise.length > 0) await admin.createPartitions({ topicPartitions: raise, timeout: ADMIN_TIMEOUT_MS });
    if (alter.length > 0) {
      // AlterConfigs (not the incremental variant, which kafkajs lacks) replaces a topic's whole override
      // set, so every owned entry is sent, not only the drifted ones.
      await admin.alterConfigs({
        validateOnly: false,
        resources: alter.map((s) => ({
          type: ConfigResourceTypes.TOPIC,
          name: s.name,
          configEntries: topicConfigEntries(s),
        })),
      });
    }
  }

  return specs.map((s) => rows.get(s.name)!);
}

/** A fixed-width text table of a provisioning run, for the CLI. */
export function formatProvisionTable(rows: readonly ProvisionRow[]): string {
  const header = ["topic", "action", "partitions", "rf", "min.isr", "retention.ms", "cleanup", "notes"];
  const body = rows.map((r) => [
    r.topic,
    r.action,
    String(r.partitions),
    String(r.replicationFactor),
    String(r.minInsyncReplicas),
    String(r.retentionMs),
    r.cleanupPolicy,
    r.notes.join("; "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}
