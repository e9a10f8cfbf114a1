// `pnpm --filter @bazaar/db seed:bulk --products N [--tenant <slug>] [--chunk N] [--json]`: N products × 3
// variants with prices and stock into one tenant of DATABASE_URL's database (created if missing), timed.
import { parseArgs } from "node:util";
import { z } from "zod";
import { bulkSeed } from "./bulk-seed";
import { dbEnv } from "./env";

const USAGE = "usage: seed:bulk --products N [--tenant slug] [--chunk N] [--json]";

const argsSchema = z.object({
  products: z.string({ error: "--products N is required" }).pipe(z.coerce.number<string>().int().min(1).max(1_000_000)),
  tenant: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).min(2).max(50).optional(),
  chunk: z.coerce.number().int().min(1).max(50_000).optional(),
  json: z.boolean().optional(),
});

function parseCommandLine() {
  try {
    return parseArgs({
      options: { products: { type: "string" }, tenant: { type: "string" }, chunk: { type: "string" }, json: { type: "boolean" } },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`[seed:bulk] ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}
const parsed = argsSchema.safeParse(parseCommandLine());
if (!parsed.success) {
  console.error(`[seed:bulk] ${z.prettifyError(parsed.error)}\n${USAGE}`);
  process.exit(2);
}
const args = parsed.data;

try {
  const result = await bulkSeed({ url: dbEnv().DATABASE_URL, products: args.products, tenantSlug: args.tenant, chunk: args.chunk });
  if (args.json) console.log(JSON.stringify(result));
  else {
    console.log(
      `seed:bulk: ${result.products} products, ${result.variants} variants, ${result.stockLevels} stock levels into tenant ${result.tenantId} ` +
        `in ${result.chunks} transaction(s): ${(result.ms / 1000).toFixed(2)} s`,
    );
  }
} catch (error) {
  console.error(`[seed:bulk] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
