// The refund resumer in its own process, for the crash test (refunds-crash.int.test.ts): it resumes
// due refunds until killed and SIGKILLs itself at REFUNDS_CRASH_AT ("provider": before the provider
// is asked; "record": after it answered, before the refund is marked done), so the kill lands exactly
// mid-refund. Env: DATABASE_URL, PAYMENTS_SANDBOX_URL, REFUNDS_CRASH_AT.
import { createDb } from "@bazaar/db";
import { paymentsEnv, providersFromEnv } from "@bazaar/payments";
import { paymentsGateway } from "../payment-gateway";
import { resumeDueRefunds } from "../refund-execution.service";

const crashAt = process.env.REFUNDS_CRASH_AT;
const db = createDb({ poolSize: 2, applicationName: "checkout-run-refunds" });
const deps = {
  db,
  payments: paymentsGateway({ db, providers: providersFromEnv(paymentsEnv()) }, "sandbox"),
  // Everything PENDING is due for this process: the test does not wait for the handover time.
  now: () => new Date(Date.now() + 60_000),
  onStep: (refundId: string, step: string) => {
    process.stdout.write(`${JSON.stringify({ refundId, step })}\n`);
    if (step === crashAt) process.kill(process.pid, "SIGKILL");
  },
};
for (;;) {
  if ((await resumeDueRefunds(deps, 20)) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
}
