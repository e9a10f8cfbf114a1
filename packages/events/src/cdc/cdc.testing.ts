import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import type pg from "pg";
import { eventsEnv } from "../env";
import { provisionTopics } from "../provision";
import { dlqSpecFor, eventTopics, resolveTopicSpecs, type TopicNaming } from "../topics";
import { deleteConnector, registerStockCdc, type ConnectorSpec } from "./connector";
import { dropSlot, slotInfo } from "./slot";

export interface TestStockCdc {
  spec: ConnectorSpec;
  replicationUrl: string;
  /** Deletes the connector and drops its slot (before the test database is dropped: a slot pins it). */
  stop(): Promise<void>;
}

/** The replication URL of `infra env`, pointed at another database on the same server. */
export function replicationUrlFor(database: string): string {
  const url = new URL(eventsEnv().DATABASE_REPLICATION_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates `<prefix>inventory.cdc` and its DLQ, as the `topics` script does for the real prefix. */
export async function provisionCdcTopic(kafka: Kafka, naming: TopicNaming): Promise<void> {
  const spec = eventTopics.find((t) => t.name === "inventory.cdc")!;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin, resolveTopicSpecs([spec, dlqSpecFor(spec)], { prefix: naming.prefix }));
  } finally {
    await admin.disconnect();
  }
}

/**
 * A Debezium connector of a test's own database (own slot, own topic.prefix) routed to the test's
 * `<prefix>inventory.cdc`, registered on the Connect worker of CONNECT_URL. Resolves once the connector
 * streams and its slot exists, so every change committed afterwards is captured.
 */
export async function startTestStockCdc(database: string, naming: TopicNaming): Promise<TestStockCdc> {
  const env = eventsEnv();
  const replicationUrl = replicationUrlFor(database);
  const { spec } = await registerStockCdc(env.CONNECT_URL, { replicationUrl, naming });
  const deadline = Date.now() + 60_000;
  while (!(await slotInfo(replicationUrl, spec.slotName))) {
    if (Date.now() >= deadline) throw new Error(`slot ${spec.slotName} not created within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    spec,
    replicationUrl,
    async stop() {
      await deleteConnector(env.CONNECT_URL, spec.name);
      await dropSlot(replicationUrl, spec.slotName);
    },
  };
}

export interface StockFixture {
  tenant: string;
  store: string;
  product: string;
  /** Two variants and two locations of one tenant, with no stock levels yet. */
  variants: [string, string];
  locations: [string, string];
}

/**
 * The rows a stock level needs (tenant, store, product, variants, locations), inserted over `client`
 * (the owner's connection to a test database) in platform context: the owner is subject to FORCE ROW
 * LEVEL SECURITY like everyone. Leaves the session in platform context for the test's own SQL.
 */
export async function seedStockFixture(client: pg.Client): Promise<StockFixture> {
  const f: StockFixture = {
    tenant: randomUUID(),
    store: randomUUID(),
    product: randomUUID(),
    variants: [randomUUID(), randomUUID()],
    locations: [randomUUID(), randomUUID()],
  };
  await client.query("SELECT set_config('app.platform', 'on', false)");
  await client.query("INSERT INTO tenants (id, slug, name, type, updated_at) VALUES ($1, 'cdc-shop', 'CDC Shop', 'SELLER_BUSINESS', now())", [f.tenant]);
  await client.query("INSERT INTO stores (id, tenant_id, name, slug, updated_at) VALUES ($1, $2, 'CDC Store', 'cdc-store', now())", [f.store, f.tenant]);
  await client.query("INSERT INTO products (id, tenant_id, store_id, title, handle, updated_at) VALUES ($1, $2, $3, 'Mug', 'mug', now())", [f.product, f.tenant, f.store]);
  await client.query(
    `INSERT INTO product_variants (id, tenant_id, product_id, sku, title, price_amount, currency, updated_at)
     VALUES ($1, $3, $4, 'MUG-BLUE', 'Blue', 1200, 'EUR', now()), ($2, $3, $4, 'MUG-RED', 'Red', 1200, 'EUR', now())`,
    [...f.variants, f.tenant, f.product],
  );
  await client.query(
    `INSERT INTO stock_locations (id, tenant_id, name, code, updated_at)
     VALUES ($1, $3, 'Main', 'main', now()), ($2, $3, 'Second', 'second', now())`,
    [...f.locations, f.tenant],
  );
  return f;
}

/** Inserts one stock level (id returned) of the fixture's tenant. */
export async function insertStockLevel(client: pg.Client, f: StockFixture, variantId: string, locationId: string, onHand: number, reserved: number): Promise<string> {
  const id = randomUUID();
  await client.query(
    "INSERT INTO stock_levels (id, tenant_id, variant_id, location_id, on_hand, reserved, updated_at) VALUES ($1, $2, $3, $4, $5, $6, now())",
    [id, f.tenant, variantId, locationId, onHand, reserved],
  );
  return id;
}
