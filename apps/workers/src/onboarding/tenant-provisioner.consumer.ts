import { provisionTenantStep } from "@bazaar/api/tenancy";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { onboardingConsumer, type OnboardingWorkerOptions } from "./onboarding-consumer";

export const TENANT_PROVISIONER = "tenant-provisioner";

/** Onboarding step 1: `tenants.onboarding.requested` → tenant + default store, or a provisioning failure. */
export function createTenantProvisionerWorker(deps: WorkerDeps, options: OnboardingWorkerOptions = {}): Worker {
  const logger = deps.logger.child({ worker: TENANT_PROVISIONER });
  const consumer = onboardingConsumer(
    TENANT_PROVISIONER,
    deps,
    {
      "tenants.onboarding.requested": async (event, ctx) => {
        const outcome = await provisionTenantStep(ctx.tx, event);
        logger.info("onboarding request provisioned", { requestId: event.payload.requestId, ...outcome });
      },
    },
    options,
  );
  return consumerWorker(TENANT_PROVISIONER, consumer);
}

export const tenantProvisionerWorker: WorkerDefinition = {
  name: TENANT_PROVISIONER,
  description: "onboarding saga: creates the requested tenant and its default store, or reports why it cannot",
  create: (deps) => createTenantProvisionerWorker(deps),
};
