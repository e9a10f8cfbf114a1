import type { Plan } from "@bazaar/db";

/** A quota; `null` means unlimited. */
export type Limit = number | null;

export interface PlanDefinition {
  plan: Plan;
  name: string;
  limits: {
    stores: Limit;
    products: Limit;
    /** Memberships of the tenant, owners included. */
    staffSeats: Limit;
  };
  /** The marketplace's cut of each order, in basis points (1 bps = 0.01 %). */
  commissionBps: number;
  /** Monthly subscription price in integer minor units of `currency`. */
  monthlyPrice: { amountMinor: number; currency: "USD" };
  /**
   * Offered to new sellers and switchable to by an owner. A plan that is not self-serve is reached only
   * through an operator's approval (plan-approval.service.ts); a tenant already on it may stay.
   */
  selfServe: boolean;
}

/** The billing plans. Changing a limit here changes enforcement everywhere (stores, staff, usage). */
export const PLANS = {
  FREE: {
    plan: "FREE",
    name: "Free",
    limits: { stores: 1, products: 50, staffSeats: 2 },
    commissionBps: 1_500,
    monthlyPrice: { amountMinor: 0, currency: "USD" },
    selfServe: true,
  },
  PRO: {
    plan: "PRO",
    name: "Pro",
    limits: { stores: 3, products: 5_000, staffSeats: 10 },
    commissionBps: 800,
    monthlyPrice: { amountMinor: 4_900, currency: "USD" },
    selfServe: true,
  },
  ENTERPRISE: {
    plan: "ENTERPRISE",
    name: "Enterprise",
    limits: { stores: null, products: null, staffSeats: null },
    commissionBps: 500,
    monthlyPrice: { amountMinor: 49_900, currency: "USD" },
    // Unlimited and the lowest commission: a platform operator approves it (tenants.requestPlanApproval).
    selfServe: false,
  },
} as const satisfies { [P in Plan]: PlanDefinition & { plan: P } };

export const PLAN_NAMES = Object.keys(PLANS) as Plan[];

export type LimitedResource = keyof PlanDefinition["limits"];

export function planDefinition(plan: Plan): PlanDefinition {
  return PLANS[plan];
}

/** Whether `used` units plus `adding` more stay within `limit`. */
export function fitsLimit(limit: Limit, used: number, adding = 0): boolean {
  return limit === null || used + adding <= limit;
}

/** Commission on an amount in minor units, rounded half up to a whole minor unit (never a float result). */
export function commissionOf(amountMinor: number, commissionBps: number): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new RangeError("amountMinor must be a non-negative integer");
  return Math.floor((amountMinor * commissionBps + 5_000) / 10_000);
}
