// `pnpm --filter @bazaar/db seed [--no-images]`: demo tenants, catalogue, stock, images and logins in
// DATABASE_URL's database (run migrate first); images go to the S3_* object store (`infra up` starts it).
import { parseArgs } from "node:util";
import { defaultObjectStore } from "@bazaar/storage";
import { createDb } from "./client";
import { seedDemoData } from "./demo-seed";

function parseFlags() {
  try {
    return parseArgs({ options: { "no-images": { type: "boolean" } }, strict: true }).values;
  } catch (error) {
    console.error(`[seed] ${(error as Error).message}\nusage: seed [--no-images]`);
    process.exit(2);
  }
}
const flags = parseFlags();
const db = createDb({ applicationName: "bazaar-seed", poolSize: 2 });
try {
  const store = flags["no-images"] ? undefined : defaultObjectStore();
  await store?.ensureBucket();
  const started = performance.now();
  const { logins, catalog, images } = await seedDemoData(db, { store });
  console.log(
    `Demo catalogue: ${catalog.stores} stores, ${catalog.categories} categories, ${catalog.products} products, ${catalog.variants} variants, ${catalog.stockLevels} stock levels; ` +
      `${images ? `${images.assets} images (${images.uploaded} uploaded now)` : "no images (--no-images)"}; ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log("Demo logins (demo data only):");
  for (const login of logins) {
    console.log(`  ${login.email.padEnd(26)} ${login.password}   ${login.roles.join(", ")}`);
  }
} catch (error) {
  console.error(`[seed] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
