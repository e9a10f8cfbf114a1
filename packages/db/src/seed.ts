// `pnpm --filter @bazaar/db seed`: demo tenants, catalogue, stock and logins in DATABASE_URL's database (run migrate first).
import { createDb } from "./client";
import { seedDemoData } from "./demo-seed";

const db = createDb({ applicationName: "bazaar-seed", poolSize: 2 });
try {
  const { logins, catalog } = await seedDemoData(db);
  console.log(
    `Demo catalogue: ${catalog.stores} stores, ${catalog.categories} categories, ${catalog.products} products, ${catalog.variants} variants, ${catalog.stockLevels} stock levels`,
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
