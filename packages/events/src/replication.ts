import type { Admin, ITopicMetadata } from "kafkajs";
import { replicationFor, type Replication, type TopicSpec } from "./topics";
import { whileTopicsPropagate } from "./propagation";

/** Provisioning asked for something the cluster cannot give (more replicas than brokers). */
export class ReplicationError extends Error {
  readonly code = "KAFKA_REPLICATION";
  constructor(message: string) {
    super(message);
    this.name = "ReplicationError";
  }
}

export interface ClusterReplication extends Replication {
  brokers: number[];
}

/**
 * What every topic on this cluster should have at least: three replicas with min ISR 2 once three
 * brokers run (one broker may die without losing an acks=all write), otherwise one replica per broker.
 * Derived from the cluster itself, so a topic can never end up less replicated than the cluster allows
 * because an environment variable was forgotten.
 */
export async function clusterReplication(admin: Admin): Promise<ClusterReplication> {
  const { brokers } = await admin.describeCluster();
  const ids = brokers.map((b) => b.nodeId).sort((a, b) => a - b);
  return { brokers: ids, ...replicationFor(Math.max(1, Math.min(3, ids.length))) };
}

/**
 * The spec with its replication raised to the cluster's floor; refuses a factor larger than the number
 * of brokers, which Kafka would reject with a less helpful message.
 */
export function applyReplicationFloor(spec: TopicSpec, cluster: ClusterReplication): { spec: TopicSpec; notes: string[] } {
  if (spec.replicationFactor > cluster.brokers.length) {
    throw new ReplicationError(
      `${spec.name}: replication factor ${spec.replicationFactor} needs ${spec.replicationFactor} brokers; the cluster has ${cluster.brokers.length}`,
    );
  }
  if (spec.replicationFactor >= cluster.replicationFactor) return { spec, notes: [] };
  return {
    spec: { ...spec, replicationFactor: cluster.replicationFactor, minInsyncReplicas: cluster.minInsyncReplicas },
    notes: [`replication raised to the cluster's ${cluster.replicationFactor} (min ISR ${cluster.minInsyncReplicas}) from ${spec.replicationFactor}`],
  };
}

/**
 * New replica lists that keep every current replica (and so the current leader first) and add brokers
 * until `replicationFactor`, rotating the starting broker per partition to spread the new copies.
 */
export function widenedAssignment(meta: ITopicMetadata, replicationFactor: number, brokers: readonly number[]) {
  return meta.partitions.map((p) => {
    const replicas = [...p.replicas];
    for (let i = 0; replicas.length < replicationFactor && i < brokers.length; i++) {
      const candidate = brokers[(p.partitionId + i) % brokers.length]!;
      if (!replicas.includes(candidate)) replicas.push(candidate);
    }
    return { partition: p.partitionId, replicas };
  });
}

/**
 * Reassigns under-replicated topics to `replicationFactor` replicas and waits (bounded) until Kafka
 * reports the reassignment finished and every partition has that many in-sync replicas, so a higher
 * min.insync.replicas set afterwards never makes acks=all writes fail.
 */
export async function raiseReplication(
  admin: Admin,
  topics: readonly { meta: ITopicMetadata; replicationFactor: number }[],
  brokers: readonly number[],
  timeoutMs = 120_000,
): Promise<void> {
  if (topics.length === 0) return;
  await whileTopicsPropagate(() =>
    admin.alterPartitionReassignments({
      topics: topics.map((t) => ({ topic: t.meta.name, partitionAssignment: widenedAssignment(t.meta, t.replicationFactor, brokers) })),
      timeout: 30_000,
    }),
  );
  const want = new Map(topics.map((t) => [t.meta.name, t.replicationFactor]));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ongoing = await admin.listPartitionReassignments({});
    const { topics: metadata } = await whileTopicsPropagate(() => admin.fetchTopicMetadata({ topics: [...want.keys()] }));
    const busy = ongoing.topics.some((t) => want.has(t.topic) && t.partitions.length > 0);
    const done = metadata.every((m) => m.partitions.every((p) => p.replicas.length >= want.get(m.name)! && p.isr.length >= want.get(m.name)!));
    if (!busy && done) return;
    if (Date.now() >= deadline) {
      throw new ReplicationError(`reassignment of ${[...want.keys()].join(", ")} did not finish within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
