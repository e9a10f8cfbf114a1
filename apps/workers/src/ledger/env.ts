import { parseEnv } from "@bazaar/config";
import { z } from "zod";

export const ledgerWorkersEnvSchema = z.object({
  /** How often the payout job looks for balances past the hold period (PAYOUT_HOLD_SECONDS, API env). */
  LEDGER_PAYOUT_RUN_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
});

export type LedgerWorkersEnv = z.infer<typeof ledgerWorkersEnvSchema>;

let cached: LedgerWorkersEnv | undefined;
export function ledgerWorkersEnv(): LedgerWorkersEnv {
  cached ??= parseEnv(ledgerWorkersEnvSchema, process.env);
  return cached;
}
