import { asPlatform, type Db, type Prisma, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { DomainError, NotFoundError } from "../errors";
import { PLANS } from "../plans/plans";
import type { ListTenantsInput } from "./ops.schema";

// Operator tools over every tenant (platform context). Status changes are announced in the tenant's own
// stream, so they land in that tenant's audit chain, attributed to the operator.

export async function listTenants(db: Db, input: ListTenantsInput) {
  return asPlatform(db, async (tx) => {
    const where: Prisma.TenantWhereInput = {
      ...(input.status ? { status: input.status } : {}),
      ...(input.search
        ? { OR: [{ slug: { contains: input.search, mode: "insensitive" } }, { name: { contains: input.search, mode: "insensitive" } }] }
        : {}),
    };
    const rows = await tx.tenant.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: input.limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      select: { id: true, slug: true, name: true, type: true, plan: true, status: true, createdAt: true, _count: { select: { memberships: true } } },
    });
    const page = rows.slice(0, input.limit);
    const stores = await tx.store.groupBy({ by: ["tenantId"], where: { tenantId: { in: page.map((t) => t.id) } }, _count: { _all: true } });
    const storeCount = new Map(stores.map((s) => [s.tenantId, s._count._all]));
    return {
      tenants: page.map(({ _count, ...t }) => ({
        ...t,
        staffSeats: _count.memberships,
        stores: storeCount.get(t.id) ?? 0,
        commissionBps: PLANS[t.plan].commissionBps,
      })),
      nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
    };
  });
}

type Status = "ACTIVE" | "SUSPENDED";

/** Moves an existing tenant from `from` to `to` and writes `announce`'s event in the same transaction. */
function changeStatus(db: Db, tenantId: string, from: Status, to: Status, announce: (tx: Tx) => Promise<unknown>) {
  return asPlatform(db, async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { status: true, deletedAt: true } });
    if (!tenant || tenant.deletedAt) throw new NotFoundError("tenant", { tenantId });
    if (tenant.status !== from) {
      throw new DomainError("PRECONDITION_FAILED", `tenant is ${tenant.status.toLowerCase()}, not ${from.toLowerCase()}`, { tenantStatus: tenant.status });
    }
    const { count } = await tx.tenant.updateMany({ where: { id: tenantId, status: from }, data: { status: to } });
    if (count !== 1) throw new DomainError("CONFLICT", "the tenant's status changed meanwhile; try again");
    await announce(tx);
    return { tenantId, status: to };
  });
}

/** ACTIVE → SUSPENDED: the storefront disappears (getBySlug) and staff can no longer change anything. */
export function suspendTenant(db: Db, actorId: string, input: { tenantId: string; reason: string }) {
  return changeStatus(db, input.tenantId, "ACTIVE", "SUSPENDED", (tx) =>
    enqueue(tx, {
      type: "tenants.tenant.suspended",
      version: 1,
      tenantId: input.tenantId,
      aggregateId: input.tenantId,
      payload: { tenantId: input.tenantId, reason: input.reason, actorId },
    }),
  );
}

export function reactivateTenant(db: Db, actorId: string, input: { tenantId: string }) {
  return changeStatus(db, input.tenantId, "SUSPENDED", "ACTIVE", (tx) =>
    enqueue(tx, {
      type: "tenants.tenant.reactivated",
      version: 1,
      tenantId: input.tenantId,
      aggregateId: input.tenantId,
      payload: { tenantId: input.tenantId, actorId },
    }),
  );
}
