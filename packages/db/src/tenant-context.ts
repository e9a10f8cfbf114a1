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
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId.toLowerCase()}, true), set_config('app.platform', 'off', true), set_config('app.user_id', '', true)`;
    return fn(tx);
  }, options);
}

/**
 * Runs `fn` in one interactive transaction that sees every tenant's rows. For platform procedures
 * (operator tools, signup's cross-tenant checks) and workers only; never for a tenant's own request.
 */
export async function asPlatform<T>(db: Db, fn: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.platform', 'on', true), set_config('app.tenant_id', '', true), set_config('app.user_id', '', true)`;
    return fn(tx);
  }, options);
}

/**
 * Runs `fn` in one interactive transaction that sees and writes only `userId`'s rows of the user-owned
 * tables (sessions, refresh tokens, second factors, recovery codes, reset tokens), whatever filters its
 * queries carry. For procedures that act on the signed-in caller's own rows; tenant tables show nothing.
 */
export async function asUser<T>(db: Db, userId: string, fn: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T> {
  if (typeof userId !== "string" || !UUID.test(userId)) throw new UserContextError(userId);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.user_id', ${userId.toLowerCase()}, true), set_config('app.tenant_id', '', true), set_config('app.platform', 'off', true)`;
    return fn(tx);
  }, options);
}
