import type { TenantContext } from "../tenants/procedure-context";
import type { CreateStoreInput, UpdateStoreInput } from "./stores.schema";
import { createStore, listStores, updateStore } from "./stores.service";

export function listStoresHandler({ ctx }: { ctx: TenantContext }) {
  return listStores(ctx.db, ctx.tenant.id);
}

export function createStoreHandler({ ctx, input }: { ctx: TenantContext; input: CreateStoreInput }) {
  return createStore(ctx.db, ctx.tenant.id, ctx.session.userId, input);
}

export function updateStoreHandler({ ctx, input }: { ctx: TenantContext; input: UpdateStoreInput }) {
  return updateStore(ctx.db, ctx.tenant.id, ctx.session.userId, input);
}
