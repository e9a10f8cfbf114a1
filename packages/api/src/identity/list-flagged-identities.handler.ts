import type { TRPCContext } from "../trpc";
import { listFlags } from "./flags.service";
import type { ListFlaggedIdentitiesInput } from "./list-flagged-identities.schema";

/** The operator review queue, newest first (filter OPEN for what still needs a decision). */
export function listFlaggedIdentitiesHandler({ ctx, input }: { ctx: TRPCContext; input: ListFlaggedIdentitiesInput }) {
  return listFlags(ctx.db, input);
}
