import type { Plan } from "@bazaar/db";
import { DomainError } from "../errors";
import type { Limit, LimitedResource } from "./plans";

export interface LimitDetail {
  resource: LimitedResource;
  plan: Plan;
  limit: Limit;
  used: number;
}

/**
 * A change would take a tenant past its plan's quota. PRECONDITION_FAILED (the request is well formed; the
 * tenant's plan is what stands in the way) with `details.limit` naming the quota, or `details.limits` for
 * a downgrade that several quotas refuse.
 */
export class PlanLimitError extends DomainError {
  constructor(readonly limits: LimitDetail[]) {
    const first = limits[0]!;
    super(
      "PRECONDITION_FAILED",
      limits.length === 1
        ? `the ${first.plan} plan allows ${first.limit} ${first.resource}; ${first.used} in use`
        : `the ${first.plan} plan's limits are exceeded: ${limits.map((l) => `${l.resource} ${l.used}/${l.limit}`).join(", ")}`,
      { limit: first, limits },
    );
    this.name = "PlanLimitError";
  }
}
