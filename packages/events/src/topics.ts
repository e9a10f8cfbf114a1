import { eventsEnv } from "./env";

export type CleanupPolicy = "delete" | "compact" | "compact,delete";

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  retentionMs: number;
  cleanupPolicy: CleanupPolicy;
}

export interface Replication {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/**
 * min.insync.replicas is one less than the replica count (never below 1): on the 3-broker cluster that
 * is RF 3 / min ISR 2, so acks=all survives one broker down; a single broker can only offer 1/1.
 */
export function replicationFor(replicationFactor: number): Replication {
  return { replicationFactor, minInsyncReplicas: Math.max(1, Math.min(2, replicationFactor - 1)) };
}

const DAY = 86_400_000;
const replication = replicationFor(eventsEnv().KAFKA_REPLICATION_FACTOR);

/**
 * Every event topic of the platform. Partition counts follow expected volume: the order/payment/stock
 * flow is the hot path; the rest are low-volume domain streams. Retention is long enough to rebuild a
 * read model after a week-long outage of its projector.
 */
export const eventTopics = [
  { name: "orders.events", partitions: 6, retentionMs: 14 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "payments.events", partitions: 6, retentionMs: 14 * DAY, cleanupPolicy: "delete", ...replication },
  // Our inventory domain events (outbox); inventory.cdc stays Debezium's change stream of stock_levels.
  { name: "inventory.events", partitions: 6, retentionMs: 14 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "inventory.cdc", partitions: 6, retentionMs: 7 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "identity.events", partitions: 3, retentionMs: 14 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "tenants.events", partitions: 3, retentionMs: 14 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "stores.events", partitions: 3, retentionMs: 14 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "catalog.events", partitions: 6, retentionMs: 14 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "media.events", partitions: 3, retentionMs: 14 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "cart.events", partitions: 3, retentionMs: 3 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "reviews.events", partitions: 3, retentionMs: 14 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "notifications.events", partitions: 3, retentionMs: 7 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "audit.events", partitions: 3, retentionMs: 30 * DAY, cleanupPolicy: "delete", ...replication },
  { name: "search.events", partitions: 3, retentionMs: 7 * DAY, cleanupPolicy: "delete", ...replication },
] as const satisfies readonly TopicSpec[];

/**
 * Topics that exist only for integration tests and the benchmark. The `topics` script never creates
 * them; tests provision them under a unique per-run prefix.
 */
export const testTopics = [
  { name: "test.events", partitions: 3, retentionMs: 1 * DAY, cleanupPolicy: "delete", ...replication },
] as const satisfies readonly TopicSpec[];

export type EventTopicName = (typeof eventTopics)[number]["name"];
export type TestTopicName = (typeof testTopics)[number]["name"];
/** A topic as contracts name it; the physical name adds the environment's prefix. */
export type LogicalTopic = EventTopicName | TestTopicName;
export type DlqTopicName<T extends string = LogicalTopic> = `${T}.dlq`;

export const DLQ_SUFFIX = ".dlq";

export function dlqTopicName<T extends string>(topic: T): DlqTopicName<T> {
  return `${topic}${DLQ_SUFFIX}`;
}

export function isDlqTopic(topic: string): boolean {
  return topic.endsWith(DLQ_SUFFIX);
}

/**
 * A DLQ keeps one partition (replay order is the failure order, and volume is tiny) and a longer
 * retention than its source, so an operator has time to fix and replay.
 */
export function dlqSpecFor(spec: TopicSpec): TopicSpec {
  return {
    ...spec,
    name: dlqTopicName(spec.name),
    partitions: 1,
    retentionMs: Math.max(spec.retentionMs, 30 * DAY),
    cleanupPolicy: "delete",
  };
}

/** Every consumed topic with its DLQ: what the `topics` script provisions. */
export const topicRegistry: readonly TopicSpec[] = eventTopics.flatMap((t) => [t, dlqSpecFor(t)]);

export interface TopicNaming {
  /** Prepended to every logical name (env KAFKA_TOPIC_PREFIX); "" in a normal deployment. */
  prefix: string;
}

export function physicalTopic(logical: string, naming: TopicNaming): string {
  return `${naming.prefix}${logical}`;
}

/** Specs with a prefix and a replication setting applied, e.g. for a test run or a 3-broker cluster. */
export function resolveTopicSpecs(
  specs: readonly TopicSpec[],
  options: { prefix?: string; replicationFactor?: number } = {},
): TopicSpec[] {
  const repl = options.replicationFactor === undefined ? undefined : replicationFor(options.replicationFactor);
  return specs.map((s) => ({ ...s, ...repl, name: `${options.prefix ?? ""}${s.name}` }));
}

/** Test topics with their DLQs, for integration tests and the benchmark. */
export function testTopicSpecs(prefix: string): TopicSpec[] {
  return resolveTopicSpecs(
    testTopics.flatMap((t) => [t, dlqSpecFor(t)]),
    { prefix },
  );
}
