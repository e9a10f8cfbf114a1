import { parseEnv } from "@bazaar/config";
import { z } from "zod";

export const inventoryWorkersEnvSchema = z.object({
  /** How often the sweeper looks for reservations past their expiry. */
  INVENTORY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** Reservations expired per transaction; a full batch is followed at once by the next. */
  INVENTORY_SWEEP_BATCH: z.coerce.number().int().min(1).max(1_000).default(100),
  /** The seller dashboard (apps/admin); the low-stock mail links to its inventory page. */
  ADMIN_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:3001"),
});

export type InventoryWorkersEnv = z.infer<typeof inventoryWorkersEnvSchema>;

let cached: InventoryWorkersEnv | undefined;
export function inventoryWorkersEnv(): InventoryWorkersEnv {
  cached ??= parseEnv(inventoryWorkersEnvSchema, process.env);
  return cached;
}
