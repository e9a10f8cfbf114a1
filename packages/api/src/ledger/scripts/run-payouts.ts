// One payout run in its own process, for the crash test (payouts-crash.int.test.ts): it prints a JSON
// line at each step and, at PAYOUT_STOP_AT, stops dead (never returns) so the test can SIGKILL it there.
// Env: DATABASE_URL, PAYMENTS_SANDBOX_URL, PAYOUT_NOW (ISO instant), PAYOUT_STOP_AT (transfer | transferred).
import { createDb } from "@bazaar/db";
import { activeProvider, paymentsEnv } from "@bazaar/payments";
import { runPayouts } from "../payouts.service";

const db = createDb({ poolSize: 2, applicationName: "ledger-run-payouts" });
const stopAt = process.env.PAYOUT_STOP_AT;
const now = new Date(process.env.PAYOUT_NOW ?? Date.now());
await runPayouts({
  db,
  provider: activeProvider(paymentsEnv()),
  holdSeconds: 7 * 86_400,
  periodSeconds: 86_400,
  now: () => now,
  async onStep(step, payoutId, transferId) {
    process.stdout.write(`${JSON.stringify({ step, payoutId, transferId })}\n`);
    if (step === stopAt) await new Promise(() => undefined);
  },
});
process.stdout.write(`${JSON.stringify({ done: true })}\n`);
await db.$disconnect();
