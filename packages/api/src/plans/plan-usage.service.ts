import type { Plan, Tx } from "@bazaar/db";
import { countProducts } from "../catalog/products.service";
import { fitsLimit, PLANS, type Limit, type LimitedResource } from "./plans";
import type { LimitDetail } from "./plan-limit.error";

export interface ResourceUsage {
  used: number;
  limit: Limit;
}

export interface TenantUsage {
  tenantId: string;
  plan: Plan;
  commissionBps: number;
  monthlyPrice: { amountMinor: number; currency: string };
  usage: {
    stores: ResourceUsage;
    /** `tracked` stays in the shape for clients written before the catalog counted products; always true. */
    products: ResourceUsage & { tracked: boolean };
    staffSeats: ResourceUsage;
  };
}

export async function countStores(tx: Tx, tenantId: string): Promise<number> {
  return tx.store.count({ where: { tenantId } });
}

export async function countStaffSeats(tx: Tx, tenantId: string): Promise<number> {
  return tx.membership.count({ where: { tenantId } });
}

/** What the tenant uses against its plan. `tx` must see the tenant (its own context or platform). */
export async function tenantUsage(tx: Tx, tenantId: string): Promise<TenantUsage> {
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { plan: true } });
  const def = PLANS[tenant.plan];
  const stores = await countStores(tx, tenantId);
  const staffSeats = await countStaffSeats(tx, tenantId);
  const products = await countProducts(tx, tenantId);
  return {
    tenantId,
    plan: tenant.plan,
    commissionBps: def.commissionBps,
    monthlyPrice: def.monthlyPrice,
    usage: {
      stores: { used: stores, limit: def.limits.stores },
      products: { used: products, limit: def.limits.products, tracked: true },
      staffSeats: { used: staffSeats, limit: def.limits.staffSeats },
    },
  };
}

/** The quotas of `plan` that current usage already exceeds (what refuses a downgrade). */
export function exceededLimits(usage: TenantUsage["usage"], plan: Plan): LimitDetail[] {
  const limits = PLANS[plan].limits;
  return (Object.keys(limits) as LimitedResource[]).flatMap((resource) => {
    const used = usage[resource].used;
    const limit = limits[resource];
    return fitsLimit(limit, used) ? [] : [{ resource, plan, limit, used }];
  });
}
