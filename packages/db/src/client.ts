import { PrismaPg } from "@prisma/adapter-pg";
import type { ITXClientDenyList } from "@prisma/client/runtime/client";
import { ContextClient } from "./begin-context";
import { refuseEmptyWhere } from "./empty-where.extension";
import { statementNamer } from "./statement-names";
import { dbEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";

export interface CreateDbOptions {
  /** Default: DATABASE_URL (the runtime role, bazaar_app). */
  url?: string;
  /** Default: DATABASE_POOL_SIZE (10). */
  poolSize?: number;
  /** Shown in pg_stat_activity; name the process (e.g. "api", "outbox-relay"). */
  applicationName?: string;
}

/**
 * A Prisma Client over node-postgres (no native engine) with the empty-where guard. One per process;
 * call `$disconnect()` on shutdown. Tenant-owned tables answer only inside withTenant()/asPlatform().
 */
export function createDb(options: CreateDbOptions = {}) {
  const env = dbEnv();
  const adapter = new PrismaPg(
    {
      connectionString: options.url ?? env.DATABASE_URL,
      max: options.poolSize ?? env.DATABASE_POOL_SIZE,
      application_name: options.applicationName ?? "bazaar",
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      // A transaction left open by a crashed handler would hold its locks and its tenant context until
      // the pool noticed; the server ends it instead.
      idle_in_transaction_session_timeout: 60_000,
      // Sends a transaction's row-level-security context with its BEGIN (begin-context.ts).
      Client: ContextClient,
    },
    // The adapter hands the name to pg's query({ name }), where undefined means unnamed; its type says string.
    { statementNameGenerator: statementNamer() as (query: { sql: string; args: unknown[] }) => string },
  );
  // Prisma's defaults (2 s to get a connection, 5 s per interactive transaction) are tight for a
  // 2-core machine running everything; a request still fails fast well before an HTTP timeout.
  const client = new PrismaClient({ adapter, transactionOptions: { maxWait: 5_000, timeout: 15_000 } });
  return client.$extends(refuseEmptyWhere);
}

/** The client createDb returns. */
export type Db = ReturnType<typeof createDb>;

/** The client inside an interactive transaction (what withTenant/asPlatform pass to their callback). */
export type Tx = Omit<Db, ITXClientDenyList>;
