import { linkOwnerStep } from "@bazaar/api/tenancy";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { onboardingConsumer, type OnboardingWorkerOptions } from "./onboarding-consumer";

export const MEMBERSHIP_LINKER = "membership-linker";

/** Onboarding step 2: `tenants.tenant.provisioned` → the requester becomes the tenant's OWNER. */
export function createMembershipLinkerWorker(deps: WorkerDeps, options: OnboardingWorkerOptions = {}): Worker {
  const logger = deps.logger.child({ worker: MEMBERSHIP_LINKER });
  const consumer = onboardingConsumer(
    MEMBERSHIP_LINKER,
    deps,
    {
      "tenants.tenant.provisioned": async (event, ctx) => {
        const outcome = await linkOwnerStep(ctx.tx, event);
        logger.info("tenant owner linked", { requestId: event.payload.requestId, tenantId: event.payload.tenantId, ...outcome });
      },
    },
    options,
  );
  return consumerWorker(MEMBERSHIP_LINKER, consumer);
}

export const membershipLinkerWorker: WorkerDefinition = {
  name: MEMBERSHIP_LINKER,
  description: "onboarding saga: makes the requester the provisioned tenant's OWNER",
  create: (deps) => createMembershipLinkerWorker(deps),
};
