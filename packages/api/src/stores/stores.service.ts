import type { Prisma, Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { ConflictError, isUniqueViolation, NotFoundError } from "../errors";
import { PlanLimitError } from "../plans/plan-limit.error";
import { countStores } from "../plans/plan-usage.service";
import { fitsLimit, PLANS } from "../plans/plans";
import type { CreateStoreInput, Theme, UpdateStoreInput } from "./stores.schema";
import { resolveThemeImages } from "./theme-images";
import { lockActiveTenant } from "../tenants/tenant-guard";

// A tenant's stores. Functions take the tenant's row-level-secured transaction (or platform context, for
// onboarding's default store) and announce every change in the same transaction.

const storeFields = { id: true, tenantId: true, name: true, slug: true, theme: true, customDomain: true, createdAt: true, updatedAt: true } as const;

export interface StoreView {
  id: string;
  tenantId: string;
  name: string;
  slug: string;
  theme: Theme;
  customDomain: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const view = (s: Prisma.StoreGetPayload<{ select: typeof storeFields }>): StoreView => ({ ...s, theme: s.theme as Theme });

/** Slugs are unique across the marketplace, so another tenant's store may hold one. */
async function unlessTaken<T>(write: Promise<T>, input: { slug?: string }): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("the store slug is already in use", input.slug ? { slug: input.slug } : {});
    throw error;
  }
}

export async function listStores(tx: Tx, tenantId: string): Promise<StoreView[]> {
  return (await tx.store.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" }, select: storeFields })).map(view);
}

/** Creates a store within the plan's store limit. `actorId` null: created by the platform (onboarding). */
export async function createStore(tx: Tx, tenantId: string, actorId: string | null, input: CreateStoreInput): Promise<StoreView> {
  const tenant = await lockActiveTenant(tx, tenantId);
  const used = await countStores(tx, tenantId);
  const limit = PLANS[tenant.plan].limits.stores;
  if (!fitsLimit(limit, used, 1)) throw new PlanLimitError([{ resource: "stores", plan: tenant.plan, limit, used }]);
  return insertStore(tx, tenantId, actorId, { ...input, theme: await resolveThemeImages(tx, tenantId, input.theme) });
}

/** The insert and its event, without the limit check (onboarding's first store always fits). */
export async function insertStore(tx: Tx, tenantId: string, actorId: string | null, input: CreateStoreInput): Promise<StoreView> {
  const store = await unlessTaken(
    tx.store.create({
      data: { tenantId, name: input.name, slug: input.slug, theme: input.theme },
      select: storeFields,
    }),
    input,
  );
  await enqueue(tx, {
    type: "stores.store.created",
    version: 1,
    tenantId,
    aggregateId: store.id,
    payload: { storeId: store.id, tenantId, name: store.name, slug: store.slug, customDomain: store.customDomain, theme: input.theme, actorId },
  });
  return view(store);
}

export async function updateStore(tx: Tx, tenantId: string, actorId: string, input: UpdateStoreInput): Promise<StoreView> {
  await lockActiveTenant(tx, tenantId);
  const current = await tx.store.findFirst({ where: { id: input.storeId, tenantId }, select: storeFields });
  if (!current) throw new NotFoundError("store", { storeId: input.storeId });
  const changes: { name?: string; theme?: Theme } = {};
  if (input.name !== undefined && input.name !== current.name) changes.name = input.name;
  const theme = input.theme === undefined ? undefined : await resolveThemeImages(tx, tenantId, input.theme);
  if (theme !== undefined && JSON.stringify(theme) !== JSON.stringify(current.theme)) changes.theme = theme;
  if (Object.keys(changes).length === 0) return view(current);

  const store = await tx.store.update({ where: { id: current.id }, data: changes, select: storeFields });
  await enqueue(tx, {
    type: "stores.store.updated",
    version: 1,
    tenantId,
    aggregateId: store.id,
    payload: { storeId: store.id, tenantId, changes, actorId },
  });
  return view(store);
}
