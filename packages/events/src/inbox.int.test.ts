import { randomUUID } from "node:crypto";
import { createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimInbox } from "./inbox";

// The inbox claim against the real PostgreSQL and its row-level security: one statement sets the
// consumer role for the insert and clears it again, so the handler that runs next cannot see the inbox.

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase(testDatabaseName("events_inbox"));
  db = createDb({ url: database.url, poolSize: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const entry = (eventId: string, offset: string) => ({ eventId, topic: "test.events", partition: 0, offset });

describe("claimInbox", () => {
  it("answers the new ids once, and leaves the transaction without the consumer role", async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const after = await db.$transaction(async (tx) => {
      const fresh = await claimInbox(tx, "g1", [entry(a, "1"), entry(b, "2")]);
      const [setting] = await tx.$queryRaw<{ role: string }[]>`SELECT current_setting('app.role', true) AS role`;
      // Outside the claim the transaction is nobody's: the inbox is hidden and cannot be written.
      const visible = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM inbox_events`;
      return { fresh, role: setting!.role, visible: visible[0]!.n };
    });
    expect([...after.fresh].sort()).toEqual([a, b].sort());
    expect(after.role).toBe("");
    expect(after.visible).toBe(0);

    // A redelivery of b with a new c: only c is new; another group claims b afresh.
    const again = await db.$transaction((tx) => claimInbox(tx, "g1", [entry(b, "2"), entry(c, "3")]));
    expect([...again]).toEqual([c]);
    const other = await db.$transaction((tx) => claimInbox(tx, "g2", [entry(b, "2")]));
    expect([...other]).toEqual([b]);
    const all = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.platform', 'on', true)`;
      return tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM inbox_events`;
    });
    expect(all[0]!.n).toBe(4);
  });

  it("answers nothing new for a batch that is all redeliveries, and still clears the role", async () => {
    const id = randomUUID();
    await db.$transaction((tx) => claimInbox(tx, "g3", [entry(id, "9")]));
    const again = await db.$transaction(async (tx) => {
      const fresh = await claimInbox(tx, "g3", [entry(id, "9")]);
      const [setting] = await tx.$queryRaw<{ role: string }[]>`SELECT current_setting('app.role', true) AS role`;
      return { fresh, role: setting!.role };
    });
    expect(again.fresh.size).toBe(0);
    expect(again.role).toBe("");
  });
});
