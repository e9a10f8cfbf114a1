import { randomUUID } from "node:crypto";
import { baseEnv } from "@bazaar/config";
import { asUser, withTenant, type Db } from "@bazaar/db";
import { contextFromHeaders, createLogger, metrics, withSpan, type Logger } from "@bazaar/observability";
import { SpanStatusCode, context as otelContext, trace, type Context as OtelContext } from "@opentelemetry/api";
import { initTRPC, TRPCError } from "@trpc/server";
import type { Redis } from "ioredis";
import { z, ZodError } from "zod";
import { apiEnv } from "./env";
import { DomainError, EmailNotVerifiedError, toTRPCError } from "./errors";
import { createSessionResolver } from "./identity/session-resolver";
import { platformRoleAtLeast, tenantRoleAtLeast, type PlatformRole, type TenantRole } from "./roles";
import type { ProcedureMeta } from "./security/access";
import { resolveClientAddress, trustedProxies, vouchedAddress, type TrustedProxies } from "./security/client-address";
import { accountSubject, defaultRateLimiter, enforceRateLimit, retryAfterSecondsOf, type RateLimitPolicyName } from "./security/rate-limit";
import type { RateLimiter } from "./security/rate-limiter";
import { toHeaders, type RequestHeaders, type Session, type SessionResolver } from "./session";
import { transformer } from "./transformer";

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

let defaultLogger: Logger | undefined;
let defaultProxies: TrustedProxies | undefined;

export interface CreateContextOptions {
  headers: RequestHeaders;
  db: Db;
  redis: Redis;
  logger?: Logger;
  /** Verifies the caller's credentials; default: the identity domain's bearer-token resolver. */
  resolveSession?: SessionResolver;
  /**
   * The TCP peer's address when the adapter has the socket (standalone server). The client address is
   * derived from it and X-Forwarded-For per TRUSTED_PROXIES, unless the request carries an address
   * vouched for with API_PROXY_SECRET (security/client-address.ts). Without a peer and a vouched
   * address the client address is unknown (null).
   */
  peerAddress?: string | null;
  /** Default: token buckets in `redis` with the standard policies; null switches rate limiting off. */
  rateLimiter?: RateLimiter | null;
  /** The time source of services that stamp expiries (sessions, tokens); tests pin it. Default: the system clock. */
  clock?: () => Date;
}

const systemClock = () => new Date();

export async function createTRPCContext(opts: CreateContextOptions) {
  const headers = toHeaders(opts.headers);
  // A caller-supplied id lets one request be followed across services; anything odd is replaced so a
  // header cannot inject into log lines.
  const incomingId = headers.get("x-request-id");
  const requestId = incomingId && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
  const resolveSession = opts.resolveSession ?? createSessionResolver({ db: opts.db, redis: opts.redis });
  const session: Session | null = await resolveSession(headers);
  defaultProxies ??= trustedProxies(apiEnv().TRUSTED_PROXIES);
  const clientAddress = vouchedAddress(headers, apiEnv().API_PROXY_SECRET) ?? resolveClientAddress(opts.peerAddress, headers, defaultProxies);
  const userAgent = headers.get("user-agent")?.slice(0, 512) ?? null;
  const rateLimiter = opts.rateLimiter === undefined ? defaultRateLimiter(opts.redis) : opts.rateLimiter;
  const tenantId = headers.get("x-tenant-id")?.trim() || null;
  // When the HTTP instrumentation already opened a server span, procedure spans nest under it;
  // otherwise (direct callers, unpatched ESM) continue the caller's traceparent ourselves.
  const traceParent: OtelContext = trace.getActiveSpan()
    ? otelContext.active()
    : contextFromHeaders(Object.fromEntries(headers.entries()), otelContext.active());
  defaultLogger ??= createLogger("api");
  const logger = (opts.logger ?? defaultLogger).child({ requestId });
  const clock = opts.clock ?? systemClock;
  return { db: opts.db, redis: opts.redis, session, tenantId, requestId, logger, traceParent, clientAddress, userAgent, rateLimiter, clock };
}

export type TRPCContext = Awaited<ReturnType<typeof createTRPCContext>>;

// Stack traces and the text of unexpected errors (which may quote SQL, a constraint or a column) reach
// clients only in development; elsewhere a 500 says only that it happened, with the request id to find
// the full error in the logs (the observe middleware logs it).
const development = baseEnv().NODE_ENV === "development";

const t = initTRPC.context<TRPCContext>().meta<ProcedureMeta>().create({
  transformer,
  isDev: development,
  errorFormatter({ shape, error, ctx }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const hidden = !development && error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: hidden ? "internal server error" : shape.message,
      data: {
        ...shape.data,
        /** Names the request in the server's logs. */
        requestId: ctx?.requestId ?? null,
        zodError: zodError ? z.flattenError(zodError) : null,
        issues: zodError ? zodError.issues : null,
        /** Seconds to wait after TOO_MANY_REQUESTS, or a SERVICE_UNAVAILABLE that says (also sent as the Retry-After header). */
        retryAfter: retryAfterSecondsOf(error.cause),
        /** Structured facts of a domain refusal, e.g. the plan limit that was hit. */
        details: error.cause instanceof DomainError ? (error.cause.details ?? null) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

const duration = metrics.histogram({
  name: "trpc_request_duration_seconds",
  help: "tRPC procedure duration by path, type and result code",
  labelNames: ["path", "type", "code"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

/** One span, one histogram sample and one log line per call, with the final error code. */
const observe = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const attributes = { "rpc.system": "trpc", "rpc.method": path, "trpc.type": type, "request.id": ctx.requestId };
  return withSpan(
    `trpc.${type} ${path}`,
    attributes,
    async (span) => {
      const result = await next();
      const code = result.ok ? "OK" : result.error.code;
      const seconds = (performance.now() - started) / 1000;
      duration.observe({ path, type, code }, seconds);
      span.setAttribute("trpc.code", code);
      const fields = { path, type, code, durationMs: Math.round(seconds * 1000) };
      if (result.ok) ctx.logger.debug("trpc call", fields);
      else if (code === "INTERNAL_SERVER_ERROR") ctx.logger.error("trpc call failed", { ...fields, error: result.error.cause ?? result.error });
      else ctx.logger.info("trpc call refused", { ...fields, reason: result.error.message });
      if (code === "INTERNAL_SERVER_ERROR") span.setStatus({ code: SpanStatusCode.ERROR });
      return result;
    },
    ctx.traceParent,
  );
});

/** Turns domain and known database errors thrown by handlers into client errors instead of 500s. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR") {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/**
 * Draws from the named rate-limit policy's buckets (client address, and the targeted account) before
 * the procedure runs; TOO_MANY_REQUESTS with `data.retryAfter` when one is empty.
 */
export function rateLimit(policy: RateLimitPolicyName) {
  return t.middleware(async ({ ctx, getRawInput, next }) => {
    if (ctx.rateLimiter) {
      const account = accountSubject(policy, ctx.session?.userId ?? null, policy === "general" ? null : await getRawInput());
      await enforceRateLimit(ctx.rateLimiter, policy, { address: ctx.clientAddress, account });
    }
    return next();
  });
}

// Every builder records who may call its procedures in `meta.access` (security/access.ts), which the
// RBAC test walks; a later `.meta()` on a procedure merges with it.
export const publicProcedure = t.procedure.meta({ access: { kind: "public" } }).use(observe).use(mapErrors).use(rateLimit("general"));

export const authedProcedure = publicProcedure.meta({ access: { kind: "authed" } }).use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in required" });
  return next({ ctx: { session: ctx.session } });
});

/**
 * An authedProcedure whose account has proved its email address. Read from the database on each call
 * (not from the token), so verifying takes effect at once and a token minted before cannot claim it.
 */
export const verifiedProcedure = authedProcedure.meta({ access: { kind: "verified" } }).use(async ({ ctx, next }) => {
  const userId = ctx.session.userId;
  const user = await asUser(ctx.db, userId, (tx) => tx.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } }));
  if (!user?.emailVerifiedAt) throw toTRPCError(new EmailNotVerifiedError())!;
  return next();
});

const tenantIdSchema = z.uuid();

/**
 * Requires `x-tenant-id` naming a tenant the caller belongs to with at least `minRole`, and runs the
 * handler inside `withTenant`, so row-level security scopes every query to that tenant and the
 * handler's writes commit or roll back together.
 */
export function tenantProcedure(minRole: TenantRole) {
  return authedProcedure.meta({ access: { kind: "tenant", minRole } }).use(async ({ ctx, next }) => {
    if (!ctx.tenantId) throw new TRPCError({ code: "BAD_REQUEST", message: "x-tenant-id header required" });
    const parsed = tenantIdSchema.safeParse(ctx.tenantId);
    if (!parsed.success) throw new TRPCError({ code: "BAD_REQUEST", message: "x-tenant-id must be a UUID" });
    const tenantId = parsed.data;
    const userId = ctx.session.userId;
    return withTenant(ctx.db, tenantId, async (tx) => {
      const membership = await tx.membership.findUnique({
        where: { tenantId_userId: { tenantId, userId } },
        select: { role: true },
      });
      if (!membership || !tenantRoleAtLeast(membership.role, minRole)) {
        throw new TRPCError({ code: "FORBIDDEN", message: `requires tenant role ${minRole}` });
      }
      // rootDb: for work that must not join the tenant's transaction (mail delivery logs its own rows;
      // recording why an upload was rejected). Only ever use it through withTenant(rootDb, tenant.id, ...).
      const result = await next({ ctx: { db: tx, rootDb: ctx.db, tenant: { id: tenantId, role: membership.role as TenantRole } } });
      // next() reports a handler failure as a value; rethrow so withTenant rolls the transaction back.
      if (!result.ok) throw result.error;
      return result;
    });
  });
}

export function platformProcedure(minRole: Exclude<PlatformRole, "NONE">) {
  return authedProcedure.meta({ access: { kind: "platform", minRole } }).use(({ ctx, next }) => {
    if (!platformRoleAtLeast(ctx.session.platformRole, minRole)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `requires platform role ${minRole}` });
    }
    return next();
  });
}
