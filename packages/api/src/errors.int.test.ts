import { createDb } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toTRPCError } from "./errors";

// Overload against the real PostgreSQL: a pool of one connection held by an open transaction, and a
// second transaction that cannot start within Prisma's maxWait. What the client gets is the typed,
// retryable SERVICE_UNAVAILABLE, not the 500 bench/checkout saw under a load average of 21.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase(testDatabaseName("api_errors"));
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe("a saturated connection pool", () => {
  it("answers SERVICE_UNAVAILABLE when no transaction can start in time", async () => {
    const db = createDb({ url: database.url, poolSize: 1, applicationName: "errors-int" });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const started = new Promise<void>((resolve) => (holding = resolve));
    try {
      const holder = db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        holding();
        await held;
      });
      await started;
      const refused = await db.$transaction(async (tx) => tx.$queryRaw`SELECT 1`).then(
        () => null,
        (error: unknown) => error,
      );
      release();
      await holder;
      const mapped = toTRPCError(refused);
      expect(mapped?.code).toBe("SERVICE_UNAVAILABLE");
      expect(mapped?.message).toBe("the database is busy, try again shortly");
      // The pool is whole again: the next transaction runs.
      expect(await db.$transaction(async (tx) => tx.$queryRaw<{ one: number }[]>`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    } finally {
      release();
      await db.$disconnect();
    }
  }, 60_000);
});
