import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import { listTenantsOfUser } from "./tenants.service";

export function listMineHandler({ ctx }: { ctx: TRPCContext & { session: Session } }) {
  return listTenantsOfUser(ctx.db, ctx.session.userId);
}
