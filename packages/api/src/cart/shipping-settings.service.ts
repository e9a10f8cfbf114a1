import { asPlatform, type Db, type Tx } from "@bazaar/db";
import { appendAuditEntry } from "../audit/audit-log.service";
import { ConflictError, isUniqueViolation, NotFoundError } from "../errors";
import type { CheckoutSettingsInput, CreateRateInput, UpdateRateInput, UpsertTaxRateInput } from "./shipping-settings.schema";

// What checkout prices with: a seller's shipping rates and checkout settings (tenant context, so row-level
// security keeps every read and write to the header's tenant: another tenant's rate id is NOT_FOUND), and
// the platform's tax rates (operators, audited in the platform chain). The cart reads the same tables on
// every price (cart-catalog.service.ts), so a change shows at the shopper's next cart read.

type ShippingRate = Awaited<ReturnType<Tx["shippingRate"]["create"]>>;

export interface RateView {
  id: string;
  code: string;
  name: string;
  kind: ShippingRate["kind"];
  currency: string;
  baseAmount: number;
  perKgAmount: number;
  createdAt: Date;
}

const view = (r: ShippingRate): RateView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  currency: r.currency,
  baseAmount: r.baseAmount,
  perKgAmount: r.perKgAmount,
  createdAt: r.createdAt,
});

const codeTaken = (code: string) => new ConflictError("another shipping rate already has this code", { reason: "rate-code-taken", code });

/** A FLAT rate charges no per-kilogram amount, whatever the form sent, so the stored row says what is charged. */
const perKgFor = (kind: ShippingRate["kind"], perKgAmount: number) => (kind === "FLAT" ? 0 : perKgAmount);

export async function listRates(tx: Tx): Promise<RateView[]> {
  const rows = await tx.shippingRate.findMany({ orderBy: [{ currency: "asc" }, { code: "asc" }], take: 200 });
  return rows.map(view);
}

export async function createRate(tx: Tx, tenantId: string, input: CreateRateInput): Promise<RateView> {
  try {
    const row = await tx.shippingRate.create({
      data: { tenantId, code: input.code, name: input.name, kind: input.kind, currency: input.currency, baseAmount: input.baseAmount, perKgAmount: perKgFor(input.kind, input.perKgAmount) },
    });
    return view(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw codeTaken(input.code);
    throw error;
  }
}

export async function updateRate(tx: Tx, input: UpdateRateInput): Promise<RateView> {
  const current = await tx.shippingRate.findUnique({ where: { id: input.id } });
  if (!current) throw new NotFoundError("shipping rate", { id: input.id });
  const kind = input.kind ?? current.kind;
  try {
    const row = await tx.shippingRate.update({
      where: { id: current.id },
      data: {
        code: input.code ?? current.code,
        name: input.name ?? current.name,
        kind,
        currency: input.currency ?? current.currency,
        baseAmount: input.baseAmount ?? current.baseAmount,
        perKgAmount: perKgFor(kind, input.perKgAmount ?? current.perKgAmount),
      },
    });
    return view(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw codeTaken(input.code ?? current.code);
    throw error;
  }
}

/**
 * Deletes a rate unless it is the seller's last: a seller without a rate has no shipping option and no
 * cart holding its goods can be checked out (cart-pricing's "no-shipping-option"). Every rate of the
 * tenant is locked first, so two deletes racing for the last two rates cannot both succeed.
 */
export async function deleteRate(tx: Tx, id: string): Promise<{ id: string }> {
  const rates = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM shipping_rates ORDER BY id FOR UPDATE`;
  if (!rates.some((r) => r.id === id)) throw new NotFoundError("shipping rate", { id });
  if (rates.length === 1) throw new ConflictError("a seller needs at least one shipping rate; add another before deleting this one", { reason: "last-shipping-rate", id });
  await tx.shippingRate.delete({ where: { id } });
  return { id };
}

/** The stored settings, or the defaults checkout applies when a seller never saved any (cart-catalog.service.ts). */
export async function getCheckoutSettings(tx: Tx, tenantId: string) {
  const row = await tx.sellerCheckoutSettings.findUnique({ where: { tenantId } });
  return { pricesIncludeTax: row?.pricesIncludeTax ?? false, captureAt: row?.captureAt ?? ("CONFIRMATION" as const), updatedAt: row?.updatedAt ?? null };
}

export async function updateCheckoutSettings(tx: Tx, tenantId: string, input: CheckoutSettingsInput) {
  const now = new Date();
  const row = await tx.sellerCheckoutSettings.upsert({
    where: { tenantId },
    create: { tenantId, ...input, updatedAt: now },
    update: { ...input, updatedAt: now },
  });
  return { pricesIncludeTax: row.pricesIncludeTax, captureAt: row.captureAt, updatedAt: row.updatedAt };
}

export const listTaxRates = (db: Db) => asPlatform(db, (tx) => tx.taxRate.findMany({ orderBy: { region: "asc" } }));

export function upsertTaxRate(db: Db, actorId: string, input: UpsertTaxRateInput) {
  return asPlatform(db, async (tx) => {
    const before = await tx.taxRate.findUnique({ where: { region: input.region } });
    const now = new Date();
    const row = await tx.taxRate.upsert({
      where: { region: input.region },
      create: { region: input.region, rateBps: input.rateBps, updatedAt: now },
      update: { rateBps: input.rateBps, updatedAt: now },
    });
    await appendAuditEntry(tx, {
      tenantId: null,
      actorId,
      action: before ? "checkout.tax-rate.updated" : "checkout.tax-rate.created",
      entityType: "tax-rate",
      entityId: input.region,
      data: { region: input.region, rateBps: input.rateBps, previousRateBps: before?.rateBps ?? null },
      eventId: null,
    });
    return row;
  });
}

/** Removing a region's rate makes its carts tax-free (pricing reads no rate: 0), so it is audited like a change. */
export function deleteTaxRate(db: Db, actorId: string, region: string) {
  return asPlatform(db, async (tx) => {
    const before = await tx.taxRate.findUnique({ where: { region } });
    if (!before) throw new NotFoundError("tax rate", { region });
    await tx.taxRate.delete({ where: { region } });
    await appendAuditEntry(tx, {
      tenantId: null,
      actorId,
      action: "checkout.tax-rate.deleted",
      entityType: "tax-rate",
      entityId: region,
      data: { region, previousRateBps: before.rateBps },
      eventId: null,
    });
    return { region };
  });
}
