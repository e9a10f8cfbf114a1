import { asPlatform } from "@bazaar/db";
import { waitUntil } from "@bazaar/events/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenancyHarness, trpcErrorOf, type TenancyHarness } from "../onboarding/onboarding.testing";
import { createOutboxRelayWorker } from "../outbox-relay/outbox-relay.worker";
import { createAuditLogWorker } from "./audit-log.consumer";

// Catalog changes through the whole pipeline: the API writes product rows and their outbox events in one
// transaction, the relay publishes them to `catalog.events` keyed by product, and the audit-log worker
// appends them to the tenant's chain with the acting user.

let h: TenancyHarness;
const u = { staff: "", manager: "" };
let tenantId = "";
let storeId = "";

beforeAll(async () => {
  h = await startTenancyHarness("catalog_audit", (deps) => [createOutboxRelayWorker(deps), createAuditLogWorker(deps)]);
  await asPlatform(h.db, async (tx) => {
    for (const key of Object.keys(u) as (keyof typeof u)[]) {
      u[key] = (await tx.user.create({ data: { email: `${key}.${h.runId}@catalog-audit.test`, name: key, passwordHash: "unused" } })).id;
    }
    const tenant = await tx.tenant.create({ data: { slug: "catalog-audit", name: "Catalog audit", type: "SELLER_BUSINESS", plan: "PRO" } });
    tenantId = tenant.id;
    await tx.membership.createMany({
      data: [
        { tenantId, userId: u.staff, role: "STAFF" },
        { tenantId, userId: u.manager, role: "MANAGER" },
      ],
    });
    storeId = (await tx.store.create({ data: { tenantId, name: "Shop", slug: "catalog-audit" } })).id;
  });
});

afterAll(async () => {
  await h?.close();
});

describe("catalog events", () => {
  it("reach the tenant's audit chain over catalog.events, in product order, with their actor", async () => {
    const staff = await h.caller({ session: { userId: u.staff, platformRole: "NONE" }, tenantId });
    const product = await staff.catalog.createProduct({
      storeId,
      title: "Audited lamp",
      options: [{ name: "Colour", values: ["Brass"] }],
      variants: [{ sku: "LAMP-BRASS", optionValues: { Colour: "Brass" }, priceAmount: 8900, currency: "EUR" }],
    });
    // A refused change (a second variant with the same option values) writes no event.
    const refused = await trpcErrorOf(
      staff.catalog.addVariant({ productId: product.id, variant: { sku: "LAMP-BRASS-2", optionValues: { Colour: "Brass" }, priceAmount: 1, currency: "EUR" } }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    const manager = await h.caller({ session: { userId: u.manager, platformRole: "NONE" }, tenantId });
    await manager.catalog.publishProduct({ productId: product.id });

    const entries = await waitUntil(
      async () => {
        const rows = await asPlatform(h.db, (tx) => tx.auditEntry.findMany({ where: { tenantId, entityId: product.id }, orderBy: { seq: "asc" } }));
        return rows.length === 2 && rows;
      },
      { timeoutMs: 30_000, description: "two catalog events audited" },
    );
    expect(entries.map((e) => [e.action, e.entityType, e.actorId])).toEqual([
      ["catalog.product.created", "product", u.staff],
      ["catalog.product.published", "product", u.manager],
    ]);
    const data = entries[1]!.data as { source: { topic: string }; payload: { product: { status: string; version: number } } };
    expect(data.source.topic.endsWith("catalog.events")).toBe(true);
    expect(data.payload.product).toMatchObject({ status: "PUBLISHED", version: 2 });
  });
});
