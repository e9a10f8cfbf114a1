import { NotFoundError } from "../errors";
import type { TRPCContext } from "../trpc";
import type { GetBySlugInput } from "./get-by-slug.schema";
import { findPublicTenantBySlug } from "./tenants.service";

export async function getBySlugHandler({ ctx, input }: { ctx: TRPCContext; input: GetBySlugInput }) {
  const tenant = await findPublicTenantBySlug(ctx.db, input.slug);
  if (!tenant) throw new NotFoundError("tenant", { slug: input.slug });
  return tenant;
}
