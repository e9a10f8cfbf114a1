// For the admin e2e run (apps/admin/playwright.config.ts, workers.setup, after the demo seed): gives the
// demo seller Acme Crafts what a checkout needs that the demo seed does not write — a flat shipping rate
// and the DE tax rate — and writes one published, in-stock variant to E2E_CHECKOUT_FIXTURE (JSON), the
// one the orders spec buys. Idempotent. Env: DATABASE_URL, E2E_CHECKOUT_FIXTURE.
import { writeFileSync } from "node:fs";
import { asPlatform, createDb } from "@bazaar/db";

const target = process.env.E2E_CHECKOUT_FIXTURE;
if (!target) throw new Error("E2E_CHECKOUT_FIXTURE is not set");
const db = createDb({ poolSize: 2, applicationName: "checkout-e2e-shop" });
const fixture = await asPlatform(db, async (tx) => {
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { slug: "acme-crafts" } });
  const level = await tx.stockLevel.findFirstOrThrow({
    where: { tenantId: tenant.id, onHand: { gte: 5 }, variant: { product: { status: "PUBLISHED" } } },
    include: { variant: true },
    orderBy: { onHand: "desc" },
  });
  await tx.taxRate.upsert({ where: { region: "DE" }, create: { region: "DE", rateBps: 1_900 }, update: {} });
  await tx.shippingRate.upsert({
    where: { tenantId_code: { tenantId: tenant.id, code: "e2e-std" } },
    create: { tenantId: tenant.id, code: "e2e-std", name: "Standard", kind: "FLAT", currency: level.variant.currency, baseAmount: 490 },
    update: {},
  });
  return { tenantId: tenant.id, variantId: level.variantId, currency: level.variant.currency };
});
writeFileSync(target, JSON.stringify(fixture));
await db.$disconnect();
