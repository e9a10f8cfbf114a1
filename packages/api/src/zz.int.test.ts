import { asPlatform, createDb } from "@bazaar/db";
import { createTestDatabase, testDatabaseName } from "@bazaar/db/testing";
import { it } from "vitest";
import { inspect } from "node:util";
it("x", async () => {
  const d = await createTestDatabase(testDatabaseName("zz"));
  const db = createDb({ url: d.url, poolSize: 1, applicationName: "zz" });
  for (const f of [
    (tx: any) => tx.user.create({ data: { email: "a@b.c", name: "a\u0000b", passwordHash: "x" } }),
    (tx: any) => tx.auditEntry.findMany({ where: { seq: { lt: 9999999999999999999n } } }),
    (tx: any) => tx.$queryRawUnsafe("select $1::text", "a\u0000"),
    (tx: any) => tx.$queryRawUnsafe("select 'x'::uuid"),
  ]) {
    try { await asPlatform(db, f); } catch (e: any) { console.log(e.name, e.code, inspect(e.meta, { depth: 6 }), inspect(e.cause, {depth: 3})); }
  }
  await db.$disconnect(); await d.drop();
});
