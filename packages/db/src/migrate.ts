// `pnpm --filter @bazaar/db migrate` applies pending migrations to DATABASE_OWNER_URL's database
// (creating it if missing); `... reset` (this file with --reset) drops it first.
import { dbEnv } from "./env";
import { migrate, resetDatabase } from "./migrator";

const env = dbEnv();
const reset = process.argv.includes("--reset");
if (reset && env.NODE_ENV === "production") {
  console.error("refusing to reset a database with NODE_ENV=production");
  process.exit(1);
}

const options = { ownerUrl: env.DATABASE_OWNER_URL, log: (line: string) => console.log(`[migrate] ${line}`) };
const result = await (reset ? resetDatabase(options) : migrate(options)).catch((error: unknown) => {
  console.error(`[migrate] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(
  `[migrate] ${result.database}: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`,
);
