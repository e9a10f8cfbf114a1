import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";

// The row-level-security context of a transaction, sent with its BEGIN (docs/decisions/0031): every
// withTenant / asPlatform / asUser transaction used to cost BEGIN, the context's set_config and COMMIT,
// three round trips before any work; a checkout runs seven of them. The wrapper puts the context's SQL
// in an AsyncLocalStorage store while Prisma opens the transaction; the pool's client class appends it to
// the BEGIN it sends ("BEGIN; SELECT set_config(...)", one simple-protocol message, one round trip) and
// counts it. The wrapper closes the store before its callback runs, so a transaction opened inside the
// callback without a wrapper gets no context, as before; and when no BEGIN carried it (the store was not
// seen, or an isolation level must be set first), the wrapper sends the context itself, as before.

export interface PendingContext {
  /** `SELECT set_config(...)` with literals only (validated ids); appended to BEGIN while `open`. */
  sql: string;
  open: boolean;
  /** How many BEGINs carried it. */
  sent: number;
}

export const pendingContext = new AsyncLocalStorage<PendingContext>();

/** Transactions whose context went with their BEGIN, and those that sent it as a statement of its own. */
export const contextDelivery = { withBegin: 0, separate: 0 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The context's statement; ids must already be validated (they are checked again: literals only ever hold a lowercase uuid). */
export function contextSql(context: { platform: boolean; tenantId: string; userId: string }): string {
  for (const id of [context.tenantId, context.userId]) if (id !== "" && !UUID.test(id)) throw new Error("a transaction context id must be a lowercase uuid");
  return `SELECT set_config('app.platform', '${context.platform ? "on" : "off"}', true), set_config('app.tenant_id', '${context.tenantId}', true), set_config('app.user_id', '${context.userId}', true)`;
}

type QueryConfig = { text?: string; name?: string; values?: unknown[] };

/** pg's client with the BEGIN that carries a pending context (passed to the pool as its `Client`). */
export class ContextClient extends pg.Client {
  // pg's query has many overloads; only the BEGIN Prisma sends (a config object, no name, no values) is
  // changed, everything else goes through untouched.
  override query(...args: unknown[]): never {
    const [config] = args;
    const ctx = pendingContext.getStore();
    if (ctx?.open) {
      const isBegin = config === "BEGIN" || (typeof config === "object" && config !== null && (config as QueryConfig).text === "BEGIN" && !(config as QueryConfig).name && ((config as QueryConfig).values ?? []).length === 0);
      if (isBegin) {
        ctx.sent++;
        const text = `BEGIN; ${ctx.sql}`;
        args[0] = typeof config === "string" ? text : { ...(config as object), text };
      }
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
