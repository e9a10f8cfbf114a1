import { hash, verify } from "@node-rs/argon2";
import { asPlatform } from "./tenant-context";
import type { Db } from "./client";
import type { ObjectStore } from "@bazaar/storage";
import { seedDemoCatalog, type CatalogSeedSummary } from "./demo/catalog-seed";
import { seedDemoCheckout, type CheckoutSeedSummary } from "./demo/checkout-seed";
import { seedDemoImages, type DemoImagesSummary } from "./demo/images";
import { DEMO_SELLERS } from "./demo/catalog-data";
import { PlatformRole, TenantRole } from "./generated/prisma/client";

// Demo data for local development and end-to-end tests: a marketplace of sellers of every tenant type
// and plan, each with stores, locations, products and stock (demo/). Running it again changes nothing:
// rows are matched by their natural keys (email, slug, tenant+user) or carry ids derived from them, and a
// password is re-hashed only if it no longer verifies.

/** Every demo account's password. Demo only: never seed a shared or production database. */
export const DEMO_PASSWORD = "bazaar-demo-password";

export const DEMO_TENANTS = DEMO_SELLERS.map(({ id, slug, name, type, plan }) => ({ id, slug, name, type, plan }));

type DemoUser = {
  email: string;
  name: string;
  platformRole: PlatformRole;
  memberships: { tenantSlug: string; role: TenantRole }[];
};

const OWNER_NAMES: Record<string, string> = { "acme-crafts": "Ada Acme", "bolt-books": "Bo Bolt" };

/** The operator, an OWNER per seller (owner@<slug>.local), and STAFF of Acme Crafts and Bolt Books. */
export const DEMO_USERS: readonly DemoUser[] = [
  { email: "operator@bazaar.local", name: "Olive Operator", platformRole: PlatformRole.OPERATOR, memberships: [] },
  ...DEMO_SELLERS.map((s) => ({
    email: `owner@${s.slug}.local`,
    name: OWNER_NAMES[s.slug] ?? `${s.name} Owner`,
    platformRole: PlatformRole.NONE,
    memberships: [{ tenantSlug: s.slug, role: TenantRole.OWNER }],
  })),
  { email: "staff@acme-crafts.local", name: "Sam Acme", platformRole: PlatformRole.NONE, memberships: [{ tenantSlug: "acme-crafts", role: TenantRole.STAFF }] },
  { email: "staff@bolt-books.local", name: "Kim Bolt", platformRole: PlatformRole.NONE, memberships: [{ tenantSlug: "bolt-books", role: TenantRole.STAFF }] },
];

export interface DemoLogin {
  email: string;
  password: string;
  roles: string[];
}

async function passwordHashFor(existingHash: string | undefined): Promise<string | undefined> {
  if (existingHash && (await verify(existingHash, DEMO_PASSWORD).catch(() => false))) return undefined;
  // @node-rs/argon2 defaults: argon2id, m=19456 KiB, t=2, p=1 (OWASP's minimum recommendation).
  return hash(DEMO_PASSWORD);
}

export interface DemoSeedResult {
  logins: DemoLogin[];
  catalog: CatalogSeedSummary & { checkout: CheckoutSeedSummary };
  /** null when no object store was given. */
  images: DemoImagesSummary | null;
}

export interface DemoSeedOptions {
  /** Where product images and store logos/banners go (their bucket must exist); none: no images. */
  store?: ObjectStore;
}

export async function seedDemoData(db: Db, options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  const now = new Date();
  const userIds = new Map<string, string>();
  for (const user of DEMO_USERS) {
    // users is under row-level security (20261202120000): the seeder is a platform path.
    const existing = await asPlatform(db, (tx) => tx.user.findUnique({ where: { email: user.email } }));
    const passwordHash = (await passwordHashFor(existing?.passwordHash)) ?? existing?.passwordHash;
    if (!passwordHash) throw new Error("unreachable: a new user always gets a hash");
    const row = await asPlatform(db, (tx) =>
      tx.user.upsert({
        where: { email: user.email },
        create: { email: user.email, name: user.name, platformRole: user.platformRole, emailVerifiedAt: now, passwordHash },
        update: { name: user.name, platformRole: user.platformRole, passwordHash },
      }),
    );
    userIds.set(user.email, row.id);
  }

  const catalog = await asPlatform(db, async (tx) => {
    const tenantIds = new Map<string, string>();
    for (const tenant of DEMO_TENANTS) {
      const row = await tx.tenant.upsert({
        where: { slug: tenant.slug },
        create: { ...tenant },
        update: { name: tenant.name, type: tenant.type, plan: tenant.plan },
      });
      tenantIds.set(tenant.slug, row.id);
    }
    for (const user of DEMO_USERS) {
      for (const m of user.memberships) {
        const tenantId = tenantIds.get(m.tenantSlug)!;
        const userId = userIds.get(user.email)!;
        await tx.membership.upsert({
          where: { tenantId_userId: { tenantId, userId } },
          create: { tenantId, userId, role: m.role },
          update: { role: m.role },
        });
      }
    }
    const summary = await seedDemoCatalog(tx, tenantIds);
    return { ...summary, checkout: await seedDemoCheckout(tx, tenantIds) };
  }, { timeout: 120_000 });

  const images = options.store ? await seedDemoImages(db, options.store, DEMO_TENANTS.map((t) => t.id)) : null;

  const logins = DEMO_USERS.map((u) => ({
    email: u.email,
    password: DEMO_PASSWORD,
    roles: [
      ...(u.platformRole === PlatformRole.NONE ? [] : [`platform ${u.platformRole}`]),
      ...u.memberships.map((m) => `${m.role} of ${m.tenantSlug}`),
    ],
  }));
  return { logins, catalog, images };
}
