import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocation, receiveStock } from "../inventory/inventory.service";
import { refusal, startInventoryHarness, type InventoryHarness, type SellerFixture } from "../inventory/inventory.testing";

// Shipping rates, checkout settings and tax rates through the real router against the real PostgreSQL
// (row-level security included), and the cart pricing that reads them through the real Redis.

let h: InventoryHarness;
let a: SellerFixture;
let b: SellerFixture;

const manager = () => h.caller(a.users.MANAGER, a.tenantId);
const operator = () => h.caller(a.users.OWNER, undefined, "OPERATOR");
const ratesOf = (tenantId: string) => asPlatform(h.db, (tx) => tx.shippingRate.findMany({ where: { tenantId }, orderBy: { code: "asc" } }));

beforeAll(async () => {
  h = await startInventoryHarness("api_shipping_settings");
  a = await h.seller("shipa", 1);
  b = await h.seller("shipb", 1);
  await asPlatform(h.db, async (tx) => {
    await tx.product.updateMany({ where: { id: a.productId }, data: { status: "PUBLISHED", publishedAt: new Date() } });
    await tx.productVariant.updateMany({ where: { productId: a.productId }, data: { weightGrams: 1_200 } });
    const location = await createLocation(tx, a.tenantId, a.users.OWNER, { name: "Main", code: "main" });
    await receiveStock(tx, a.tenantId, a.users.OWNER, { variantId: a.variantIds[0]!, locationId: location.id, quantity: 10 });
    await tx.shippingRate.create({ data: { tenantId: b.tenantId, code: "std", name: "Standard", kind: "FLAT", currency: "EUR", baseAmount: 300 } });
  });
});

afterAll(async () => {
  await h?.close();
});

describe("shipping rates", () => {
  it("creates, lists, updates and deletes a seller's rates, refusing to delete the last one", async () => {
    const c = await manager();
    const flat = await c.shipping.createRate({ code: "standard", name: "Standard", kind: "FLAT", currency: "EUR", baseAmount: 499, perKgAmount: 120 });
    // A flat rate charges no per-kilogram amount, whatever was sent.
    expect(flat).toMatchObject({ code: "standard", kind: "FLAT", baseAmount: 499, perKgAmount: 0 });
    const weight = await c.shipping.createRate({ code: "express", name: "Express", kind: "WEIGHT", currency: "EUR", baseAmount: 900, perKgAmount: 250 });
    expect((await c.shipping.listRates()).map((r) => r.code)).toEqual(["express", "standard"]);
    const taken = await refusal(c.shipping.createRate({ code: "express", name: "Again", kind: "FLAT", currency: "EUR", baseAmount: 1 }));
    expect(taken.cause).toMatchObject({ code: "CONFLICT", details: { reason: "rate-code-taken" } });

    const renamed = await c.shipping.updateRate({ id: weight.id, name: "Express (next day)", perKgAmount: 300 });
    expect(renamed).toMatchObject({ id: weight.id, code: "express", name: "Express (next day)", baseAmount: 900, perKgAmount: 300 });

    await c.shipping.deleteRate({ id: flat.id });
    const last = await refusal(c.shipping.deleteRate({ id: weight.id }));
    expect(last.cause).toMatchObject({ code: "CONFLICT", details: { reason: "last-shipping-rate" } });
    expect((await ratesOf(a.tenantId)).map((r) => r.code)).toEqual(["express"]);
  });

  it("answers NOT_FOUND for another tenant's rate and leaves it alone", async () => {
    const c = await manager();
    const [theirs] = await ratesOf(b.tenantId);
    expect((await refusal(c.shipping.updateRate({ id: theirs!.id, baseAmount: 1 }))).code).toBe("NOT_FOUND");
    expect((await refusal(c.shipping.deleteRate({ id: theirs!.id }))).code).toBe("NOT_FOUND");
    expect((await c.shipping.listRates()).some((r) => r.id === theirs!.id)).toBe(false);
    expect(await ratesOf(b.tenantId)).toEqual([theirs]);
  });

  it("lets STAFF look but not change", async () => {
    const staff = await h.caller(a.users.STAFF, a.tenantId);
    expect((await staff.shipping.listRates()).length).toBeGreaterThan(0);
    expect((await refusal(staff.shipping.createRate({ code: "staff", name: "Staff", kind: "FLAT", currency: "EUR", baseAmount: 1 }))).code).toBe("FORBIDDEN");
    expect((await refusal(staff.shipping.updateCheckoutSettings({ pricesIncludeTax: true, captureAt: "FULFILMENT" }))).code).toBe("FORBIDDEN");
  });

  it("refuses bad input with BAD_REQUEST and writes nothing", async () => {
    const c = await manager();
    const before = await ratesOf(a.tenantId);
    const base = { code: "bad", name: "Bad", kind: "FLAT" as const, currency: "EUR" };
    for (const input of [
      { ...base, baseAmount: 4.99 },
      { ...base, baseAmount: -1 },
      { ...base, baseAmount: 100, currency: "XYZ" },
      { ...base, baseAmount: 100, currency: "eur" },
      { ...base, baseAmount: 100, code: "Not A Slug" },
      { ...base, baseAmount: 100, name: "tab\tname" },
    ]) {
      expect((await refusal(c.shipping.createRate(input))).code, JSON.stringify(input)).toBe("BAD_REQUEST");
    }
    expect((await refusal(c.shipping.updateRate({ id: before[0]!.id, perKgAmount: 2.5 }))).code).toBe("BAD_REQUEST");
    expect(await ratesOf(a.tenantId)).toEqual(before);
  });
});

describe("checkout settings", () => {
  it("answers the defaults until saved, then stores capture at fulfilment", async () => {
    const c = await manager();
    expect(await c.shipping.getCheckoutSettings()).toMatchObject({ pricesIncludeTax: false, captureAt: "CONFIRMATION", updatedAt: null });
    await c.shipping.updateCheckoutSettings({ pricesIncludeTax: true, captureAt: "FULFILMENT" });
    expect(await c.shipping.getCheckoutSettings()).toMatchObject({ pricesIncludeTax: true, captureAt: "FULFILMENT" });
    const row = await asPlatform(h.db, (tx) => tx.sellerCheckoutSettings.findUnique({ where: { tenantId: a.tenantId } }));
    expect(row).toMatchObject({ pricesIncludeTax: true, captureAt: "FULFILMENT" });
    expect((await refusal(c.shipping.updateCheckoutSettings({ pricesIncludeTax: true, captureAt: "LATER" as "FULFILMENT" }))).code).toBe("BAD_REQUEST");
    // The other seller keeps its defaults.
    expect(await (await h.caller(b.users.MANAGER, b.tenantId)).shipping.getCheckoutSettings()).toMatchObject({ captureAt: "CONFIRMATION" });
  });
});

describe("cart pricing reads the changes", () => {
  it("prices a cart with a changed rate and a changed tax rate at the next read", async () => {
    const c = await manager();
    const op = await operator();
    await op.taxRates.upsert({ region: "DE", rateBps: 1_900 });
    await c.shipping.updateCheckoutSettings({ pricesIncludeTax: false, captureAt: "CONFIRMATION" });
    const [express] = await ratesOf(a.tenantId);
    await c.shipping.updateRate({ id: express!.id, baseAmount: 1_000, perKgAmount: 200 });

    const g = await h.caller(null);
    const cart = await g.cart.create();
    const one = await g.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: 1, variantId: a.variantIds[0]!, quantity: 1 });
    const two = await g.cart.setRegion({ cartId: cart.cartId, token: cart.token, expectedVersion: one.version, region: "DE" });
    // 1 200 g is two started kilograms: 1 000 + 2 × 200.
    expect(two.priced.sellers[0]).toMatchObject({ subtotal: 1_500, shipping: { code: "express", amount: 1_400 }, tax: 551 });

    const cheap = await c.shipping.createRate({ code: "economy", name: "Economy", kind: "FLAT", currency: "EUR", baseAmount: 250 });
    await op.taxRates.upsert({ region: "DE", rateBps: 700 });
    const three = await g.cart.setShipping({ cartId: cart.cartId, token: cart.token, expectedVersion: two.version, tenantId: a.tenantId, rateCode: cheap.code });
    expect(three.priced.sellers[0]).toMatchObject({ shipping: { code: "economy", amount: 250 }, tax: 123, total: 1_873 });
    await c.shipping.updateRate({ id: cheap.id, baseAmount: 350 });
    expect((await g.cart.get({ cartId: cart.cartId, token: cart.token })).priced.sellers[0]!.shipping).toEqual({ code: "economy", amount: 350 });
  });
});

describe("tax rates", () => {
  it("lets operators upsert and delete, audited in the platform chain; SUPPORT reads; a seller cannot", async () => {
    const op = await operator();
    await op.taxRates.upsert({ region: "FR", rateBps: 2_000 });
    await op.taxRates.upsert({ region: "FR", rateBps: 550 });
    const support = await h.caller(a.users.VIEWER, undefined, "SUPPORT");
    expect((await support.taxRates.list()).find((r) => r.region === "FR")).toMatchObject({ rateBps: 550 });
    expect((await refusal(support.taxRates.upsert({ region: "FR", rateBps: 1 }))).code).toBe("FORBIDDEN");
    expect((await refusal((await manager()).taxRates.list())).code).toBe("FORBIDDEN");
    for (const input of [{ region: "FR", rateBps: 5.5 }, { region: "FR", rateBps: -1 }, { region: "FR", rateBps: 10_001 }, { region: "fr", rateBps: 1 }, { region: "FRA", rateBps: 1 }]) {
      expect((await refusal(op.taxRates.upsert(input))).code, JSON.stringify(input)).toBe("BAD_REQUEST");
    }
    await op.taxRates.delete({ region: "FR" });
    expect((await refusal(op.taxRates.delete({ region: "FR" }))).code).toBe("NOT_FOUND");
    const entries = await asPlatform(h.db, (tx) => tx.auditEntry.findMany({ where: { tenantId: null, entityType: "tax-rate", entityId: "FR" }, orderBy: { seq: "asc" } }));
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ["checkout.tax-rate.created", a.users.OWNER],
      ["checkout.tax-rate.updated", a.users.OWNER],
      ["checkout.tax-rate.deleted", a.users.OWNER],
    ]);
    expect(entries[1]!.data).toMatchObject({ rateBps: 550, previousRateBps: 2_000 });
  });
});

describe("concurrent deletes", () => {
  it("of a seller's last two rates, exactly one succeeds", async () => {
    const c = await h.caller(b.users.MANAGER, b.tenantId);
    await c.shipping.createRate({ code: "second", name: "Second", kind: "FLAT", currency: "EUR", baseAmount: 500 });
    const ids = (await ratesOf(b.tenantId)).map((r) => r.id);
    const results = await Promise.allSettled(ids.map((id) => c.shipping.deleteRate({ id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await ratesOf(b.tenantId)).toHaveLength(1);
  });
});
