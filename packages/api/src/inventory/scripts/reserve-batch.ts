// A batch of reservations in its own process, for the crash test (reservations-crash.int.test.ts): it
// reserves keys `${KEY_PREFIX}-0` … `-${COUNT - 1}`, each one unit of every variant in VARIANT_IDS, with
// CONCURRENCY in flight, and prints one JSON line per committed reservation, so the test can SIGKILL it
// mid-batch. Env: DATABASE_URL, TENANT_ID, VARIANT_IDS (comma-separated), KEY_PREFIX, COUNT, CONCURRENCY.
import { createDb, withTenant } from "@bazaar/db";
import { z } from "zod";
import { reserve } from "../inventory.service";

const env = z
  .object({
    TENANT_ID: z.uuid(),
    VARIANT_IDS: z.string().transform((s) => s.split(",")),
    KEY_PREFIX: z.string().min(1),
    COUNT: z.coerce.number().int().positive(),
    CONCURRENCY: z.coerce.number().int().positive().default(8),
  })
  .parse(process.env);

const db = createDb({ poolSize: env.CONCURRENCY, applicationName: "inventory-reserve-batch" });
let next = 0;
await Promise.all(
  Array.from({ length: env.CONCURRENCY }, async () => {
    while (next < env.COUNT) {
      const key = `${env.KEY_PREFIX}-${next++}`;
      const result = await withTenant(db, env.TENANT_ID, (tx) =>
        reserve(tx, env.TENANT_ID, null, { idempotencyKey: key, ttlSeconds: 3_600, lines: env.VARIANT_IDS.map((variantId) => ({ variantId, quantity: 1 })) }),
      );
      process.stdout.write(`${JSON.stringify({ key, reservationId: result.id })}\n`);
    }
  }),
);
await db.$disconnect();
