// Debezium end to end: SQL changes to stock_levels in this file's own database travel through the real
// Kafka Connect worker (CONNECT_URL) and Debezium to `<prefix>inventory.cdc`, and the stock-availability
// worker keeps the Redis read model from them through the consumer runner (inbox, DLQ).
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { createDb, type Db } from "@bazaar/db";
import { createTestDatabase, ownerPool, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { createKafka, decodeStockLevelChange } from "@bazaar/events";
import {
  collectMessages,
  createHandlerSpy,
  deleteTopicsWithPrefix,
  insertStockLevel,
  provisionCdcTopic,
  seedStockFixture,
  startTestStockCdc,
  uniqueTopicPrefix,
  waitUntil,
  type HandlerSpy,
  type StockFixture,
  type TestStockCdc,
} from "@bazaar/events/testing";
import { createLogger } from "@bazaar/observability";
import { Redis } from "ioredis";
import type { Kafka } from "kafkajs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workersEnv } from "../env";
import type { Worker } from "../worker";
import { applyStockChange, readAvailability, type VariantAvailability } from "./availability.service";
import { createStockAvailabilityWorker } from "./stock-availability.consumer";

const logger = createLogger("cdc-test", { level: "error", stream: new Writable({ write: (_c, _e, done) => done() }) });
let database: TestDatabase;
let owner: pg.Client;
let db: Db;
let kafka: Kafka;
let redis: Redis;
let cdc: TestStockCdc | undefined;
let worker: Worker | undefined;
let spy: HandlerSpy;
let f: StockFixture;
let variant: string;
let snapshotVariant: string;
let main: string;
let second: string;
const prefix = uniqueTopicPrefix("cdc");
const runId = randomBytes(4).toString("hex");

async function sql(text: string, values: unknown[] = []) {
  return owner.query(text, values);
}

const availability = (variantId: string) => readAvailability(redis, variantId);

/** Bounded poll until the read model of `variantId` satisfies `ok`. */
function waitForAvailability(variantId: string, ok: (a: VariantAvailability) => boolean, description: string) {
  return waitUntil(async () => {
    const a = await availability(variantId);
    return a && ok(a) ? a : undefined;
  }, { timeoutMs: 60_000, intervalMs: 50, description });
}

beforeAll(async () => {
  kafka = createKafka({ logger });
  await provisionCdcTopic(kafka, { prefix });
  database = await createTestDatabase(testDatabaseName("cdc"));
  owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  f = await seedStockFixture(owner);
  [variant, snapshotVariant] = f.variants;
  [main, second] = f.locations;
  // Exists before the connector: reaches the read model through Debezium's snapshot, which reads as
  // bazaar_replicator and so proves the cdc_snapshot policy admits it past row-level security.
  await insertStockLevel(owner, f, snapshotVariant, main, 7, 1);

  cdc = await startTestStockCdc(database.name, { prefix });
  db = createDb({ url: database.url, poolSize: 4, applicationName: "cdc-test" });
  redis = new Redis(workersEnv().REDIS_URL, { maxRetriesPerRequest: 1, keyPrefix: `test:cdc:${runId}:` });
  spy = createHandlerSpy();
  worker = createStockAvailabilityWorker({ db, kafka, logger, naming: { prefix }, databaseUrl: database.url }, { redis, observer: spy });
  await worker.start();
});

afterAll(async () => {
  await worker?.stop();
  await cdc?.stop();
  await owner?.end();
  await db?.$disconnect();
  if (redis) {
    const keys = await redis.keys(`test:cdc:${runId}:*`);
    // keys() returns full names; the client would prefix them again.
    if (keys.length > 0) await new Redis(workersEnv().REDIS_URL).del(...keys).then(() => undefined);
    redis.disconnect();
  }
  await database?.drop();
  if (kafka) await deleteTopicsWithPrefix(kafka, prefix);
});

describe("stock_levels CDC → availability read model", () => {
  it("snapshots rows that existed before the connector", async () => {
    const a = await waitForAvailability(snapshotVariant, (x) => x.total.available === 6, "snapshot row");
    expect(a).toMatchObject({ tenantId: f.tenant, total: { onHand: 7, reserved: 1, available: 6 } });
  });

  it("follows inserts, updates and deletes committed in SQL", async () => {
    const mainLevel = await insertStockLevel(owner, f, variant, main, 10, 0);
    const secondLevel = await insertStockLevel(owner, f, variant, second, 5, 2);
    let a = await waitForAvailability(variant, (x) => x.total.available === 13 && Object.keys(x.locations).length === 2, "inserts");
    expect(a.locations[main]).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    expect(a.locations[second]).toMatchObject({ onHand: 5, reserved: 2, available: 3 });

    // Two changes of one row in one transaction: the later one wins.
    await sql("BEGIN");
    await sql("UPDATE stock_levels SET reserved = 2, version = version + 1, updated_at = now() WHERE id = $1", [mainLevel]);
    await sql("UPDATE stock_levels SET reserved = 4, version = version + 1, updated_at = now() WHERE id = $1", [mainLevel]);
    await sql("COMMIT");
    a = await waitForAvailability(variant, (x) => x.locations[main]?.reserved === 4, "update");
    expect(a.total).toEqual({ onHand: 15, reserved: 6, available: 9 });

    await sql("DELETE FROM stock_levels WHERE id = $1", [secondLevel]);
    a = await waitForAvailability(variant, (x) => !x.locations[second], "delete");
    expect(a.total).toEqual({ onHand: 10, reserved: 4, available: 6 });
  });

  it("changes nothing for a duplicate delivery or an older change", async () => {
    const topic = `${prefix}inventory.cdc`;
    const messages = await collectMessages(kafka, topic, { count: 6 });
    const update = messages.find((m) => {
      const r = decodeStockLevelChange(m.value);
      return r.ok && r.event.type === "inventory.stock-level.captured" && r.event.payload.op === "update" && r.event.payload.stockLevel.reserved === 2;
    });
    expect(update).toBeDefined();
    const decoded = decodeStockLevelChange(update!.value);
    if (!decoded.ok) throw decoded.error;
    if (decoded.event.type !== "inventory.stock-level.captured") throw new Error(`unexpected ${decoded.event.type}`);
    const before = await availability(variant);

    // The same Debezium message again, as Connect redelivers after a restart: same id, dropped by the inbox.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: update!.key, value: update!.value }] });
    await producer.disconnect();
    await spy.waitFor(decoded.event.id, { outcome: "duplicate", timeoutMs: 30_000 });
    expect(await availability(variant)).toEqual(before);

    // An older change reaching the read model some other way (a replay) is ignored by its LSN.
    expect(await applyStockChange(redis, decoded.event.payload)).toBe(false);
    expect(await availability(variant)).toEqual(before);
  });

  it("ends equal to the table after many concurrent changes of the same rows", async () => {
    // Every connection in platform context from its start-up options (the owner is subject to forced RLS).
    const pool = ownerPool(database.ownerUrl, 10);
    try {
      const rows = [
        await insertStockLevel(owner, f, snapshotVariant, second, 1_000, 0),
        (await sql("SELECT id FROM stock_levels WHERE variant_id = $1 AND location_id = $2", [snapshotVariant, main])).rows[0]!.id as string,
      ];
      // 200 single-statement transactions racing on two rows: receipts, reservations and releases.
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          pool.query(
            i % 3 === 0
              ? "UPDATE stock_levels SET on_hand = on_hand + 2, version = version + 1, updated_at = now() WHERE id = $1"
              : i % 3 === 1
                ? "UPDATE stock_levels SET reserved = reserved + 1, version = version + 1, updated_at = now() WHERE id = $1 AND reserved < on_hand"
                : "UPDATE stock_levels SET reserved = reserved - 1, version = version + 1, updated_at = now() WHERE id = $1 AND reserved > 0",
            [rows[i % 2]],
          ),
        ),
      );
      const table = await sql(
        "SELECT location_id, on_hand, reserved FROM stock_levels WHERE variant_id = $1",
        [snapshotVariant],
      );
      const expected = Object.fromEntries(table.rows.map((r) => [r.location_id as string, { onHand: r.on_hand as number, reserved: r.reserved as number }]));
      const a = await waitForAvailability(
        snapshotVariant,
        (x) => Object.entries(expected).every(([loc, e]) => x.locations[loc]?.onHand === e.onHand && x.locations[loc]?.reserved === e.reserved),
        "the read model to match the table",
      );
      const onHand = table.rows.reduce((n, r) => n + (r.on_hand as number), 0);
      const reserved = table.rows.reduce((n, r) => n + (r.reserved as number), 0);
      expect(a.total).toEqual({ onHand, reserved, available: onHand - reserved });
    } finally {
      await pool.end();
    }
  });

  it("dead-letters a message that is not a stock_levels change", async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: `${prefix}inventory.cdc`, messages: [{ key: "x", value: JSON.stringify({ op: "u", after: { id: "nope" } }) }] });
    await producer.disconnect();
    await waitUntil(() => spy.count("dead-lettered") >= 1, { timeoutMs: 30_000, description: "dead-lettered record" });
    const dlq = await collectMessages(kafka, `${prefix}inventory.cdc.dlq`, { count: 1 });
    expect(dlq).toHaveLength(1);
  });
});
