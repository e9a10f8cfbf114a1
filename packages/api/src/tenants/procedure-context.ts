import type { Db, Tx } from "@bazaar/db";
import type { TenantRole } from "../roles";
import type { Session } from "../session";
import type { TRPCContext } from "../trpc";

/** What an authedProcedure handler receives. */
export type AuthedContext = TRPCContext & { session: Session };

/**
 * What a tenantProcedure handler receives: `db` is the tenant's row-level-secured transaction; `rootDb`
 * the pool behind it, for an effect that must survive the procedure's rollback (see trpc.ts).
 */
export type TenantContext = Omit<TRPCContext, "db"> & {
  session: Session;
  db: Tx;
  /** The connection pool outside the tenant's transaction. */
  rootDb: Db;
  tenant: { id: string; role: TenantRole };
};
