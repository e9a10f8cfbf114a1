import { apiEnv } from "../env";
import { NotFoundError } from "../errors";
import type { TenantContext } from "../tenants/procedure-context";
import type { TRPCContext } from "../trpc";
import type { ClaimDomainInput, DomainIdInput, ListDomainsInput, ResolveHostInput } from "./domains.schema";
import { claimDomain, listDomains, removeDomain, resolveStorefront, verifyDomain } from "./domains.service";

// Grouped handlers: each only hands the tenant, the actor and the validated input to domains.service.ts.

export function listDomainsHandler({ ctx, input }: { ctx: TenantContext; input: ListDomainsInput }) {
  return listDomains(ctx.db, ctx.tenant.id, input.storeId);
}

export function claimDomainHandler({ ctx, input }: { ctx: TenantContext; input: ClaimDomainInput }) {
  return claimDomain(ctx.db, ctx.tenant.id, ctx.session.userId, input, apiEnv().PLATFORM_HOSTS);
}

export function verifyDomainHandler({ ctx, input }: { ctx: TenantContext; input: DomainIdInput }) {
  return verifyDomain(ctx.db, ctx.tenant.id, ctx.session.userId, input.domainId);
}

export function removeDomainHandler({ ctx, input }: { ctx: TenantContext; input: DomainIdInput }) {
  return removeDomain(ctx.db, ctx.tenant.id, ctx.session.userId, input.domainId);
}

export async function resolveHostHandler({ ctx, input }: { ctx: TRPCContext; input: ResolveHostInput }) {
  const store = await resolveStorefront(ctx.db, input, apiEnv().PLATFORM_HOSTS);
  if (!store) throw new NotFoundError("store", "host" in input ? { host: input.host } : { slug: input.slug });
  return store;
}
