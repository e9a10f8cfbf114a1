import { describe, expect, it } from "vitest";
import { applyReplicationFloor, ReplicationError, widenedAssignment } from "./replication";
import type { TopicSpec } from "./topics";

const spec: TopicSpec = { name: "t", partitions: 3, replicationFactor: 1, minInsyncReplicas: 1, retentionMs: 1, cleanupPolicy: "delete" };
const three = { brokers: [1, 2, 3], replicationFactor: 3, minInsyncReplicas: 2 };

describe("applyReplicationFloor", () => {
  it("raises a spec below the cluster's floor, keeps one at or above it", () => {
    expect(applyReplicationFloor(spec, three).spec).toMatchObject({ replicationFactor: 3, minInsyncReplicas: 2 });
    const at = { ...spec, replicationFactor: 3, minInsyncReplicas: 2 };
    expect(applyReplicationFloor(at, three)).toEqual({ spec: at, notes: [] });
    expect(applyReplicationFloor(spec, { brokers: [1], replicationFactor: 1, minInsyncReplicas: 1 })).toEqual({ spec, notes: [] });
  });

  it("refuses more replicas than brokers", () => {
    expect(() => applyReplicationFloor({ ...spec, replicationFactor: 3 }, { brokers: [1], replicationFactor: 1, minInsyncReplicas: 1 })).toThrow(ReplicationError);
  });
});

describe("widenedAssignment", () => {
  it("keeps the current replicas first and spreads the added ones", () => {
    const meta = {
      name: "t",
      partitions: [0, 1, 2].map((partitionId) => ({ partitionId, leader: 2, replicas: [2], isr: [2], partitionErrorCode: 0 })),
    };
    expect(widenedAssignment(meta, 3, [1, 2, 3])).toEqual([
      { partition: 0, replicas: [2, 1, 3] },
      { partition: 1, replicas: [2, 3, 1] },
      { partition: 2, replicas: [2, 3, 1] },
    ]);
  });
});
