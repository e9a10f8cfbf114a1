import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventsHarness, type EventsHarness } from "./harness";
import { deferOutbox, enqueue, enqueueMany } from "./outbox";
import { ping } from "./testing";

// deferOutbox: what a block enqueues on its transaction is written when the block ends, in one
// statement, in enqueue order, inside the same transaction; nothing when the block throws. (Platform
// context: only it and the relay may read the outbox.)

let h: EventsHarness;

beforeAll(async () => {
  h = await createEventsHarness("outbox-defer", { poolSize: 4 });
});

afterAll(async () => {
  await h?.close();
});

const rowsOf = (key: string) =>
  h.ownerQuery<{ seq: number }>(`SELECT (envelope->'payload'->>'seq')::int AS seq FROM outbox_events WHERE key = $1 ORDER BY position`, [key]);

describe("deferOutbox", () => {
  it("writes a block's events when it ends, in order, and none before", async () => {
    const key = `defer-${crypto.randomUUID()}`;
    const seenInside: number[] = [];
    await asPlatform(h.db, async (tx) => {
      await deferOutbox(tx, async () => {
        await enqueue(tx, ping(key, 1));
        await enqueueMany(tx, [ping(key, 2), ping(key, 3)]);
        // Nested blocks join the outer one.
        await deferOutbox(tx, () => enqueue(tx, ping(key, 4)));
        const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_events WHERE key = $1`, key);
        seenInside.push(row!.n);
      });
      const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_events WHERE key = $1`, key);
      seenInside.push(row!.n);
    });
    expect(seenInside).toEqual([0, 4]);
    expect((await rowsOf(key)).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  });

  it("writes nothing when the block throws, and enqueue outside a block writes at once", async () => {
    const key = `defer-${crypto.randomUUID()}`;
    await expect(
      asPlatform(h.db, async (tx) => {
        await deferOutbox(tx, async () => {
          await enqueue(tx, ping(key, 1));
          throw new Error("the step failed");
        });
      }),
    ).rejects.toThrow("the step failed");
    expect(await rowsOf(key)).toEqual([]);
    await asPlatform(h.db, async (tx) => {
      await enqueue(tx, ping(key, 5));
      const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_events WHERE key = $1`, key);
      expect(row!.n).toBe(1);
    });
  });
});
