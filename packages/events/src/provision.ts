import kafkajs, { type Admin } from "kafkajs";

// kafkajs is CommonJS; Node's ESM loader cannot see its enum exports by name.
const { ConfigResourceTypes } = kafkajs;
import { whileTopicsPropagate } from "./propagation";
import { applyReplicationFloor, clusterReplication, raiseReplication, type ClusterReplication } from "./replication";
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

export interface ProvisionOptions {
  /** The replication floor; by default read from the cluster (`clusterReplication`). */
  cluster?: ClusterReplication;
}

/**
 * Brings the cluster in line with `specs`: creates missing topics, raises partition counts that are
 * lower, and rewrites the owned configs where they differ. Idempotent: a second run reports every
 * topic `unchanged`. A spec's replication is raised to what the cluster should give (RF 3 / min ISR 2
 * on three brokers), and an existing topic below that is reassigned onto more brokers before its
 * min.insync.replicas is raised. Partitions and replicas are never lowered; that is reported in `notes`.
 * Throws ReplicationError for a replication factor larger than the broker count.
 */
export async function provisionTopics(
  admin: Admin,
  requested: readonly TopicSpec[],
  options: ProvisionOptions = {},
): Promise<ProvisionRow[]> {
  const cluster = options.cluster ?? (await clusterReplication(admin));
  const floored = requested.map((s) => applyReplicationFloor(s, cluster));
  const specs = floored.map((f) => f.spec);
  const floorNotes = new Map(floored.map((f) => [f.spec.name, f.notes]));
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  let present = specs.filter((s) => existing.has(s.name));
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
    const created = await admin.createTopics({
      // kafkajs' own wait gives up on the first UNKNOWN_TOPIC_OR_PARTITION that a broker answers while
      // it has not yet learnt of the new topic (seen on three brokers); wait for leaders below instead.
      waitForLeaders: false,
      timeout: ADMIN_TIMEOUT_MS,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor: s.replicationFactor,
        configEntries: topicConfigEntries(s),
      })),
    });
    await settledMetadata(admin, missing.map((s) => s.name));
    if (created) {
      for (const s of missing) rows.set(s.name, row(s, "created", [...floorNotes.get(s.name)!]));
    } else {
      // kafkajs answers false when some already existed: the broker that listed topics had not yet
      // heard of them. Check them like every other existing topic.
      present = [...present, ...missing];
    }
  }

  if (present.length > 0) {
    const metadata = await settledMetadata(admin, present.map((s) => s.name));
    const described = await whileTopicsPropagate(() =>
      admin.describeConfigs({
        includeSynonyms: false,
        resources: present.map((s) => ({
          type: ConfigResourceTypes.TOPIC,
          name: s.name,
          configNames: topicConfigEntries(s).map((e) => e.name),
        })),
      }),
    );

    const raise: { topic: string; count: number }[] = [];
    const alter: TopicSpec[] = [];
    const widen: { meta: (typeof metadata)[number]; replicationFactor: number }[] = [];
    for (const spec of present) {
      const notes: string[] = [...floorNotes.get(spec.name)!];
      const meta = metadata.find((m) => m.name === spec.name);
      const currentPartitions = meta?.partitions.length ?? 0;
      const currentRf = meta?.partitions[0]?.replicas.length ?? 0;
      if (currentPartitions < spec.partitions) {
        raise.push({ topic: spec.name, count: spec.partitions });
        notes.push(`partitions ${currentPartitions} -> ${spec.partitions}`);
      } else if (currentPartitions > spec.partitions) {
        notes.push(`has ${currentPartitions} partitions (> ${spec.partitions}); Kafka cannot lower them`);
      }
      if (meta && currentRf < spec.replicationFactor) {
        widen.push({ meta, replicationFactor: spec.replicationFactor });
        notes.push(`replicas ${currentRf} -> ${spec.replicationFactor} (reassigned)`);
      } else if (currentRf > spec.replicationFactor) {
        notes.push(`has ${currentRf} replicas (> ${spec.replicationFactor}); left as is`);
      }
      const resource = described.resources.find((r) => r.resourceName === spec.name);
      const current = new Map(resource?.configEntries.map((e) => [e.configName, e.configValue]) ?? []);
      const drift = topicConfigEntries(spec).filter((e) => current.get(e.name) !== e.value);
      if (drift.length > 0) {
        alter.push(spec);
        for (const d of drift) notes.push(`${d.name} ${current.get(d.name) ?? "?"} -> ${d.value}`);
      }
      const changed = raise.some((r) => r.topic === spec.name) || drift.length > 0 || widen.some((w) => w.meta.name === spec.name);
      rows.set(spec.name, row(spec, changed ? "updated" : "unchanged", notes));
    }

    // Replicas first: raising min.insync.replicas above the in-sync count would fail acks=all writes.
    await raiseReplication(admin, widen, cluster.brokers);
    if (raise.length > 0) await admin.createPartitions({ topicPartitions: raise, timeout: ADMIN_TIMEOUT_MS });
    if (alter.length > 0) {
      // AlterConfigs (not the incremental variant, which kafkajs lacks) replaces a topic's whole override
      // set, so every owned entry is sent, not only the drifted ones.
      await whileTopicsPropagate(() =>
        admin.alterConfigs({
          validateOnly: false,
          resources: alter.map((s) => ({
            type: ConfigResourceTypes.TOPIC,
            name: s.name,
            configEntries: topicConfigEntries(s),
          })),
        }),
      );
    }
  }

  return specs.map((s) => rows.get(s.name)!);
}

type TopicsMetadata = Awaited<ReturnType<Admin["fetchTopicMetadata"]>>["topics"];

/** Topic metadata once every partition has a leader (bounded). */
async function settledMetadata(admin: Admin, topics: string[]): Promise<TopicsMetadata> {
  const deadline = Date.now() + ADMIN_TIMEOUT_MS;
  for (;;) {
    const meta = await whileTopicsPropagate(() => admin.fetchTopicMetadata({ topics }));
    if (meta.topics.length === topics.length && meta.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) {
      return meta.topics;
    }
    if (Date.now() >= deadline) throw new Error(`no leaders for ${topics.join(", ")} within ${ADMIN_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
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
