import { createTRPCRouter, publicProcedure, tenantProcedure } from "../trpc";
import { claimDomainHandler, listDomainsHandler, removeDomainHandler, resolveHostHandler, verifyDomainHandler } from "./domains.handlers";
import { claimDomainSchema, domainIdSchema, listDomainsSchema, resolveHostSchema } from "./domains.schema";
import { createStoreHandler, listStoresHandler, updateStoreHandler } from "./stores.handlers";
import { createStoreSchema, updateStoreSchema } from "./stores.schema";

/** The header tenant's stores and their custom domains; creating a store beyond the plan's limit is PRECONDITION_FAILED. */
export const storesRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER").query(listStoresHandler),
  create: tenantProcedure("ADMIN").input(createStoreSchema).mutation(createStoreHandler),
  update: tenantProcedure("ADMIN").input(updateStoreSchema).mutation(updateStoreHandler),
  listDomains: tenantProcedure("VIEWER").input(listDomainsSchema).query(listDomainsHandler),
  claimDomain: tenantProcedure("ADMIN").input(claimDomainSchema).mutation(claimDomainHandler),
  verifyDomain: tenantProcedure("ADMIN").input(domainIdSchema).mutation(verifyDomainHandler),
  removeDomain: tenantProcedure("ADMIN").input(domainIdSchema).mutation(removeDomainHandler),
  /** Storefront routing: Host header (verified custom domains only) or store slug → the store. */
  resolveHost: publicProcedure.input(resolveHostSchema).query(resolveHostHandler),
});
