// Rebuilds every stock level from the ledger and reports mismatches (platform context, every tenant,
// or one with TENANT_ID). Exit code 1 when anything is off. Run: pnpm --filter @bazaar/api inventory:check-ledger
import { asPlatform, createDb } from "@bazaar/db";
import { z } from "zod";
import { checkLedger } from "../inventory.service";

const env = z.object({ TENANT_ID: z.uuid().optional() }).parse(process.env);
const db = createDb({ poolSize: 1, applicationName: "inventory-check-ledger" });
try {
  const report = await asPlatform(db, (tx) => checkLedger(tx, env.TENANT_ID ? { tenantId: env.TENANT_ID } : {}));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.balanced ? 0 : 1;
} finally {
  await db.$disconnect();
}
