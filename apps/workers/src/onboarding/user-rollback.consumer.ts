import { markSessionsRevoked, rollBackUserStep } from "@bazaar/api/tenancy";
import { Redis } from "ioredis";
import { workersEnv } from "../env";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { onboardingConsumer, type OnboardingWorkerOptions } from "./onboarding-consumer";

export const USER_ROLLBACK = "user-rollback";

export interface UserRollbackOptions extends OnboardingWorkerOptions {
  /** The session cache the API's session resolver reads. Default: a client on REDIS_URL, closed on stop. */
  redis?: Redis;
}

/**
 * Compensation: `tenants.provisioning.failed` → the request FAILED and, when the account was created for
 * it, the user soft-deleted and signed out everywhere (`identity.user.rolled-back`).
 */
export function createUserRollbackWorker(deps: WorkerDeps, options: UserRollbackOptions = {}): Worker {
  const logger = deps.logger.child({ worker: USER_ROLLBACK });
  const ownRedis = options.redis ? undefined : new Redis(workersEnv().REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: true });
  const redis = options.redis ?? ownRedis!;
  const consumer = onboardingConsumer(
    USER_ROLLBACK,
    deps,
    {
      "tenants.provisioning.failed": async (event, ctx) => {
        const outcome = await rollBackUserStep(ctx.tx, event);
        // Marked before the runner commits: if the commit then fails the sessions only look revoked a
        // little early (the retry revokes them for real), whereas marking after could leave a window in
        // which a deleted account's access token still passes the resolver's cache.
        if (outcome.kind === "rolled-back") await markSessionsRevoked(redis, outcome.revokedSessionIds);
        logger.info("onboarding compensated", { requestId: event.payload.requestId, userId: event.payload.userId, ...outcome });
      },
    },
    options,
  );
  const worker = consumerWorker(USER_ROLLBACK, consumer);
  return {
    ...worker,
    async stop() {
      await worker.stop();
      ownRedis?.disconnect();
    },
  };
}

export const userRollbackWorker: WorkerDefinition = {
  name: USER_ROLLBACK,
  description: "onboarding saga compensation: fails the request and soft-deletes an account created for it",
  create: (deps) => createUserRollbackWorker(deps),
};
