import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { createKafka, createProducer, enqueueMany } from "@bazaar/events";
import { createHandlerSpy, deleteTopicsWithPrefix, ping, provisionTestTopics, uniqueTopicPrefix, waitUntil } from "@bazaar/events/testing";
import { createLogger, startOpsServer, type OpsServer } from "@bazaar/observability";
import type { Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditLogWorker } from "./audit/audit-log.consumer";
import { verifyAuditChain } from "./audit/audit-log.service";
import { createWorkerHost, type WorkerHost } from "./host";
import { createOutboxRelayWorker } from "./outbox-relay/outbox-relay.worker";

// The whole path a domain event takes through this process: a row committed to the outbox, the relay
// publishing it, the audit-log consumer appending it to the right hash chain, exactly once.

const prefix = uniqueTopicPrefix("workers");
const logger = createLogger("workers-test", { level: "error" });
const spy = createHandlerSpy();
let database: TestDatabase;
let db: Db;
let kafka: Kafka;
let host: WorkerHost;
let ops: OpsServer;
let tenantId: string;

beforeAll(async () => {
  kafka = createKafka({ logger });
  await provisionTestTopics(kafka, prefix);
  database = await createTestDatabase(testDatabaseName("workers_host"));
  db = createDb({ url: database.url, poolSize: 6 });
  tenantId = (await asPlatform(db, (tx) => tx.tenant.create({ data: { slug: "host-t", name: "T", type: "FRANCHISE" } }))).id;
  const deps = { db, kafka, logger, databaseUrl: database.url, naming: { prefix } };
  host = createWorkerHost(
    [createOutboxRelayWorker(deps), createAuditLogWorker(deps, { eventTypes: ["test.ping.sent"], observer: spy })],
    logger,
  );
  ops = await startOpsServer({ port: 0, service: "workers", checks: host.checks() });
  await host.start();
});

afterAll(async () => {
  await host?.stop();
  await ops?.close();
  await db?.$disconnect();
  await database?.drop();
  if (kafka) await deleteTopicsWithPrefix(kafka, prefix);
});

describe("worker host: outbox-relay + audit-log", () => {
  it("reports ready once the relay holds the lock and the consumer joined its group", async () => {
    const report = await waitUntil(async () => {
      const res = await fetch(`${ops.url}/ready`);
      return res.status === 200 ? res.json() : false;
    }, { description: "/ready 200" });
    expect(report).toMatchObject({ checks: { "worker:outbox-relay": { status: "ok" }, "worker:audit-log": { status: "ok" } } });
  });

  it("appends every committed event to its tenant's chain, once", async () => {
    const events = await asPlatform(db, (tx) =>
      enqueueMany(tx, [ping("agg-1", 0), ping("agg-1", 1), ping("agg-2", 0, { tenantId })]),
    );
    const ids = events.map((e) => e.id);
    await spy.waitForAll(ids);

    const entries = await asPlatform(db, (tx) =>
      tx.auditEntry.findMany({ where: { eventId: { in: ids } }, orderBy: { seq: "asc" } }),
    );
    // Partitions are consumed in parallel, so only one aggregate's events have a fixed relative order.
    const byEvent = new Map(entries.map((e) => [e.eventId, e]));
    expect([...byEvent.keys()].sort()).toEqual([...ids].sort());
    expect(ids.map((id) => [byEvent.get(id)?.tenantId, byEvent.get(id)?.action, byEvent.get(id)?.entityId])).toEqual([
      [null, "test.ping.sent", "agg-1"],
      [null, "test.ping.sent", "agg-1"],
      [tenantId, "test.ping.sent", "agg-2"],
    ]);
    expect(byEvent.get(ids[1]!)?.prevHash).toBe(byEvent.get(ids[0]!)?.hash);
    expect((await verifyAuditChain(db, null)).broken).toBeNull();
    expect(await verifyAuditChain(db, tenantId)).toMatchObject({ entries: 1, broken: null });

    // The same record delivered again (a relay crash between send and mark does this) changes nothing.
    const producer = createProducer({ kafka });
    await producer.connect();
    try {
      await producer.publish([{ topic: `${prefix}test.events`, key: "agg-1", value: JSON.stringify(events[0]), headers: {} }]);
    } finally {
      await producer.disconnect();
    }
    await spy.waitFor(ids[0]!, { outcome: "duplicate" });
    expect(await asPlatform(db, (tx) => tx.auditEntry.count({ where: { eventId: ids[0] } }))).toBe(1);
  });

  it("reports not ready after the workers stop", async () => {
    await host.stop();
    const res = await fetch(`${ops.url}/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ checks: { "worker:audit-log": { status: "error" } } });
  });
});
