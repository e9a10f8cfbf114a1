// Debezium end to end: SQL changes to stock_levels in this file's own database travel through the real
// Kafka Connect worker (CONNECT_URL) and Debezium to `<prefix>inventory.cdc`, and the stock-availability
// worker keeps the Redis read model from them through the consumer runner (inbox, DLQ).
import { randomBytes, randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { createKafka, decodeStockLevelChange } from "@bazaar/events";
import {
  collectMessages,
  createHandlerSpy,
  deleteTopicsWithPrefix,
  provisionCdcTopic,
  startTestStockCdc,
  uniqueTopicPrefix,
  waitUntil,
  type HandlerSpy,
  type TestStockCdc,
} from "@bazaar/events/testing";
import { createLogger } from "@bazaar/observability";
import { Redis } from "ioredis";
import type { Kafka } from "kafkajs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workersEnv } from "../env";
import type { Worker } from "../worker";
import { applyStockChange, readAvailability, type VariantAvailability } from "./availability-read-model";
import { createStockAvailabilityWorker } from "./stock-availability.consumer";

const logger = createLogger("cdc-test", { level: "error", stream: new Writable({ write: (_c, _e, done) => done() }) });
const ids = {
  tenant: randomUUID(),
  store: randomUUID(),
  product: randomUUID(),
  variant: randomUUID(),
  snapshotVariant: randomUUID(),
  main: randomUUID(),
  second: randomUUID(),
};

let database: TestDatabase;
let owner: pg.Client;
let db: Db;
let kafka: Kafka;
let redis: Redis;
let cdc: TestStockCdc | undefined;
let worker: Worker | undefined;
let spy: HandlerSpy;
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
  // The owner is subject to FORCE ROW LEVEL SECURITY like everyone: seed in platform context.
  await sql("SELECT set_config('app.platform', 'on', false)");
  await sql("INSERT INTO tenants (id, slug, name, type, updated_at) VALUES ($1, 'cdc-shop', 'CDC Shop', 'SELLER_BUSINESS', now())", [ids.tenant]);
  await sql("INSERT INTO stores (id, tenant_id, name, slug, updated_at) VALUES ($1, $2, 'CDC Store', 'cdc-store', now())", [ids.store, ids.tenant]);
  await sql("INSERT INTO products (id, tenant_id, store_id, title, handle, updated_at) VALUES ($1, $2, $3, 'Mug', 'mug', now())", [ids.product, ids.tenant, ids.store]);
  await sql(
    `INSERT INTO product_variants (id, tenant_id, product_id, sku, title, price_amount, currency, updated_at)
     VALUES ($1, $3, $4, 'MUG-BLUE', 'Blue', 1200, 'EUR', now()), ($2, $3, $4, 'MUG-RED', 'Red', 1200, 'EUR', now())`,
    [ids.variant, ids.snapshotVariant, ids.tenant, ids.product],
  );
  await sql(
    `INSERT INTO stock_locations (id, tenant_id, name, code, updated_at)
     VALUES ($1, $3, 'Main', 'main', now()), ($2, $3, 'Second', 'second', now())`,
    [ids.main, ids.second, ids.tenant],
  );
  // Exists before the connector: reaches the read model through Debezium's snapshot, which reads as
  // bazaar_replicator and so proves the cdc_snapshot policy admits it past row-level security.
  await sql("INSERT INTO stock_levels (id, tenant_id, variant_id, location_id, on_hand, reserved, updated_at) VALUES ($1, $2, $3, $4, 7, 1, now())", [
    randomUUID(),
    ids.tenant,
    ids.snapshotVariant,
    ids.main,
  ]);

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
    const a = await waitForAvailability(ids.snapshotVariant, (x) => x.total.available === 6, "snapshot row");
    expect(a).toMatchObject({ tenantId: ids.tenant, total: { onHand: 7, reserved: 1, available: 6 } });
  });

  it("follows inserts, updates and deletes committed in SQL", async () => {
    const mainLevel = randomUUID();
    const secondLevel = randomUUID();
    await sql(
      `INSERT INTO stock_levels (id, tenant_id, variant_id, location_id, on_hand, reserved, updated_at)
       VALUES ($1, $3, $4, $5, 10, 0, now()), ($2, $3, $4, $6, 5, 2, now())`,
      [mainLevel, secondLevel, ids.tenant, ids.variant, ids.main, ids.second],
    );
    let a = await waitForAvailability(ids.variant, (x) => x.total.available === 13 && Object.keys(x.locations).length === 2, "inserts");
    expect(a.locations[ids.main]).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    expect(a.locations[ids.second]).toMatchObject({ onHand: 5, reserved: 2, available: 3 });

    // Two changes of one row in one transaction: the later one wins.
    await sql("BEGIN");
    await sql("UPDATE stock_levels SET reserved = 2, version = version + 1, updated_at = now() WHERE id = $1", [mainLevel]);
    await sql("UPDATE stock_levels SET reserved = 4, version = version + 1, updated_at = now() WHERE id = $1", [mainLevel]);
    await sql("COMMIT");
    a = await waitForAvailability(ids.variant, (x) => x.locations[ids.main]?.reserved === 4, "update");
    expect(a.total).toEqual({ onHand: 15, reserved: 6, available: 9 });

    await sql("DELETE FROM stock_levels WHERE id = $1", [secondLevel]);
    a = await waitForAvailability(ids.variant, (x) => !x.locations[ids.second], "delete");
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
    const before = await availability(ids.variant);

    // The same Debezium message again, as Connect redelivers after a restart: same id, dropped by the inbox.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: update!.key, value: update!.value }] });
    await producer.disconnect();
    await spy.waitFor(decoded.event.id, { outcome: "duplicate", timeoutMs: 30_000 });
    expect(await availability(ids.variant)).toEqual(before);

    // An older change reaching the read model some other way (a replay) is ignored by its LSN.
    expect(await applyStockChange(redis, decoded.event.payload)).toBe(false);
    expect(await availability(ids.variant)).toEqual(before);
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
