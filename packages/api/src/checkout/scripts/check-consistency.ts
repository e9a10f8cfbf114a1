// The checkout consistency check against DATABASE_URL: prints the report as JSON and exits 1 when any
// rule is broken (every group ended, totals, one payment, captured = total, reservations sold once,
// stock sold = ordered, nothing left in the outbox). Run it once the sagas have settled.
//   pnpm --filter @bazaar/api checkout:check
import { asPlatform, createDb } from "@bazaar/db";
import { checkCheckoutConsistency } from "../checkout-consistency";

const db = createDb({ poolSize: 1, applicationName: "checkout-consistency" });
try {
  const report = await asPlatform(db, (tx) => checkCheckoutConsistency(tx, { outbox: process.env.CHECK_OUTBOX !== "off" }));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.problems.length === 0 ? 0 : 1;
} finally {
  await db.$disconnect();
}
