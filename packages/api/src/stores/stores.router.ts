import { createTRPCRouter, tenantProcedure } from "../trpc";
import { createStoreHandler, listStoresHandler, updateStoreHandler } from "./stores.handlers";
import { createStoreSchema, updateStoreSchema } from "./stores.schema";

/** The header tenant's stores; creating one beyond the plan's store limit is PRECONDITION_FAILED. */
export const storesRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER").query(listStoresHandler),
  create: tenantProcedure("ADMIN").input(createStoreSchema).mutation(createStoreHandler),
  update: tenantProcedure("ADMIN").input(updateStoreSchema).mutation(updateStoreHandler),
});
