// What migration 20261201060000_cdc_publication grants the replication role, and nothing more.
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertStockLevel, replicationUrlFor, seedStockFixture } from "./cdc.testing";
import { CDC_PUBLICATION } from "./connector";

let database: TestDatabase;
let owner: pg.Client;
let replicator: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase(testDatabaseName("cdc_pub"));
  owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  const f = await seedStockFixture(owner);
  await insertStockLevel(owner, f, f.variants[0], f.locations[0], 3, 1);
  replicator = new pg.Client({ connectionString: replicationUrlFor(database.name) });
  await replicator.connect();
});

afterAll(async () => {
  await replicator?.end();
  await owner?.end();
  await database?.drop();
});

describe("CDC publication and replication role", () => {
  it("publishes exactly stock_levels, with whole old rows", async () => {
    const pub = await owner.query<{ tablename: string }>("SELECT tablename FROM pg_publication_tables WHERE pubname = $1", [CDC_PUBLICATION]);
    expect(pub.rows.map((r) => r.tablename)).toEqual(["stock_levels"]);
    const ident = await owner.query<{ relreplident: string }>("SELECT relreplident FROM pg_class WHERE oid = 'stock_levels'::regclass");
    expect(ident.rows[0]?.relreplident).toBe("f");
  });

  it("lets the replication role read every stock level past row-level security (Debezium's snapshot)", async () => {
    const r = await replicator.query<{ n: string }>("SELECT count(*) AS n FROM stock_levels");
    expect(r.rows[0]?.n).toBe("1");
  });

  it.each([
    ["write stock levels", "UPDATE stock_levels SET on_hand = on_hand + 1"],
    ["read another tenant table", "SELECT count(*) FROM products"],
    ["read the movement ledger", "SELECT count(*) FROM stock_movements"],
    ["widen the publication", `ALTER PUBLICATION ${CDC_PUBLICATION} ADD TABLE products`],
  ])("does not let the replication role %s", async (_what, statement) => {
    await expect(replicator.query(statement)).rejects.toThrow(/permission denied|must be owner/);
  });
});
