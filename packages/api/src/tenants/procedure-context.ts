import type { Tx } from "@bazaar/db";
import type { TenantRole } from "../roles";
import type { Session } from "../session";
import type { TRPCContext } from "../trpc";

/** What an authedProcedure handler receives. */
export type AuthedContext = TRPCContext & { session: Session };

/** What a tenantProcedure handler receives: `db` is the tenant's row-level-secured transaction. */
export type TenantContext = Omit<TRPCContext, "db"> & {
  session: Session;
  db: Tx;
  tenant: { id: string; role: TenantRole };
};
