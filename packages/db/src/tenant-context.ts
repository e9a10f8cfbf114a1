import { contextDelivery, contextSql, pendingContext } from "./begin-context";
import type { Db, Tx } from "./client";
import { TenantContextError, UserContextError } from "./errors";
import type { Prisma } from "./generated/prisma/client";

// The settings read by the row-level-security policies (migrations 20261122000200, 20261201140700).
// set_config(..., true) scopes them to the transaction, so a pooled connection never carries one
// request's tenant or user into the next. All three are written every time so that a context can never
// inherit another kind.

export interface TxOptions {
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /** Milliseconds to wait for a pooled connection. */
  maxWait?: number;
  /** Milliseconds the whole transaction may take. */
  timeout?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLATFORM = contextSql({ platform: true, tenantId: "", userId: "" });

/**
 * One interactive transaction under `sql`'s context: sent with the BEGIN when the pool's client could
 * (begin-context.ts), else as the transaction's first statement. An isolation level is set right after
 * BEGIN, before any query, so such a transaction sends its context itself.
 */
function inContext<T>(db: Db, sql: string, fn: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T> {
  const pending = { sql, open: options?.isolationLevel === undefined, sent: 0 };
  return pendingContext.run(pending, () =>
    db.$transaction(async (tx) => {
      pending.open = false;
      if (pending.sent > 0) contextDelivery.withBegin++;
      else {
        contextDelivery.separate++;
        await tx.$executeRawUnsafe(sql);
      }
      return fn(tx);
    }, options),
  );
}

/**
 * Runs `fn` in one interactive transaction that sees and writes only `tenantId`'s rows of the
 * tenant-owned tables, whatever filters its queries carry.
 */
export async function withTenant<T>(
  db: Db,
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
  options?: TxOptions,
): Promise<T> {
  if (typeof tenantId !== "string" || !UUID.test(tenantId)) throw new TenantContextError(tenantId);
  return inContext(db, contextSql({ platform: false, tenantId: tenantId.toLowerCase(), userId: "" }), fn, options);
}

/**
 * Runs `fn` in one interactive transaction that sees every tenant's rows. For platform procedures
 * (operator tools, signup's cross-tenant checks) and workers only; never for a tenant's own request.
 */
export async function asPlatform<T>(db: Db, fn: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T> {
  return inContext(db, PLATFORM, fn, options);
}

/**
 * Runs `fn` in one interactive transaction that sees and writes only `userId`'s rows of the user-owned
 * tables (sessions, refresh tokens, second factors, recovery codes, reset tokens), whatever filters its
 * queries carry. For procedures that act on the signed-in caller's own rows; tenant tables show nothing.
 */
export async function asUser<T>(db: Db, userId: string, fn: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T> {
  if (typeof userId !== "string" || !UUID.test(userId)) throw new UserContextError(userId);
  return inContext(db, contextSql({ platform: false, tenantId: "", userId: userId.toLowerCase() }), fn, options);
}
