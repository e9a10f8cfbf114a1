// The saga resumer in its own process, for the crash test (saga-crash.int.test.ts): it resumes due
// sagas until killed, printing one JSON line before each step it performs, so the test can SIGKILL it
// in the middle of a chosen step. Env: DATABASE_URL, PAYMENTS_SANDBOX_URL, CHECKOUT_STEP_TIMEOUT_MS.
import { createDb } from "@bazaar/db";
import { paymentsEnv, providersFromEnv } from "@bazaar/payments";
import { paymentsGateway } from "../payment-gateway";
import { resumeDueSagas } from "../saga-runner";

const db = createDb({ poolSize: 4, applicationName: "checkout-run-sagas" });
const env = paymentsEnv();
const deps = {
  db,
  payments: paymentsGateway({ db, providers: providersFromEnv(env) }, env.PAYMENTS_PROVIDER),
  onStep: (sagaId: string, step: string) => process.stdout.write(`${JSON.stringify({ sagaId, step })}\n`),
};
process.stdout.write(`${JSON.stringify({ started: true })}\n`);
for (;;) {
  if ((await resumeDueSagas(deps, 20)) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
}
