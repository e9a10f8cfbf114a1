import { asPlatform, type Db } from "@bazaar/db";

const publicTenantFields = { id: true, slug: true, name: true, type: true, plan: true } as const;

// Both reads cross tenant boundaries by nature (a storefront resolving a slug before any tenant is
// known; a user's memberships across tenants), so they run in platform context with a WHERE that
// pins them to one slug or one user.

/** An active tenant's public face; suspended and deleted tenants are indistinguishable from absent. */
export function findPublicTenantBySlug(db: Db, slug: string) {
  return asPlatform(db, (tx) =>
    tx.tenant.findFirst({ where: { slug, status: "ACTIVE", deletedAt: null }, select: publicTenantFields }),
  );
}

/** The tenants `userId` belongs to, with the role held in each, oldest membership first. */
export async function listTenantsOfUser(db: Db, userId: string) {
  const memberships = await asPlatform(db, (tx) =>
    tx.membership.findMany({
      where: { userId, tenant: { deletedAt: null } },
      orderBy: { createdAt: "asc" },
      select: { role: true, tenant: { select: { ...publicTenantFields, status: true } } },
    }),
  );
  return memberships.map((m) => ({ ...m.tenant, role: m.role }));
}
