import { TenantContextError } from "@bazaar/db";
import { TRPCError } from "@trpc/server";

/** The client-facing outcomes a domain service may signal; each maps to one tRPC code. */
export type DomainErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "UNPROCESSABLE_CONTENT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE";

/**
 * Thrown by services for an expected refusal (missing entity, violated rule). Services stay free of
 * tRPC; the API layer turns these into typed client errors instead of a 500.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, details: Record<string, unknown> = {}) {
    super("NOT_FOUND", `${entity} not found`, details);
    this.name = "NotFoundError";
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("CONFLICT", message, details);
    this.name = "ConflictError";
  }
}

/**
 * A backing service the procedure needs (OpenSearch for search) is down or too slow, or its circuit
 * breaker is open: a typed 503 the client may retry later, never a 500 or a hang.
 */
export class ServiceUnavailableError extends DomainError {
  constructor(service: string, details: Record<string, unknown> = {}) {
    super("SERVICE_UNAVAILABLE", `${service} is unavailable, try again shortly`, { service, ...details });
    this.name = "ServiceUnavailableError";
  }
}

/**
 * The signed-in account has not proved it owns its email address, and the action needs that: joining a
 * tenant, starting an onboarding, setting up a second factor (docs/decisions/0006). FORBIDDEN with
 * `details.reason = "email-not-verified"`, so clients can send the user to verification.
 */
export class EmailNotVerifiedError extends DomainError {
  constructor() {
    super("FORBIDDEN", "verify your email address first", { reason: "email-not-verified" });
    this.name = "EmailNotVerifiedError";
  }
}

interface PrismaLikeError {
  name: string;
  code: string;
  meta?: Record<string, unknown>;
}

function isPrismaKnownError(error: unknown): error is PrismaLikeError {
  return (
    error instanceof Error &&
    error.name === "PrismaClientKnownRequestError" &&
    typeof (error as Partial<PrismaLikeError>).code === "string"
  );
}

// Prisma codes that mean the client asked for something impossible, not that the server broke.
// https://www.prisma.io/docs/orm/reference/error-reference
const prismaCodes: Record<string, DomainErrorCode> = {
  P2000: "BAD_REQUEST", // value too long for column
  P2002: "CONFLICT", // unique constraint
  P2003: "BAD_REQUEST", // foreign key: referenced row does not exist
  P2020: "BAD_REQUEST", // value out of range for the column's type
  P2025: "NOT_FOUND", // record to update/delete not found
};

/** A unique index refused the write (Prisma P2002, or SQLSTATE 23505 from raw SQL): a service turns it into its own ConflictError. */
export function isUniqueViolation(error: unknown): boolean {
  return (isPrismaKnownError(error) && error.code === "P2002") || sqlStateOf(error) === "23505";
}

/**
 * The SQLSTATE behind a database error: PostgreSQL's own (node-postgres `DatabaseError`) or the one
 * Prisma's driver adapter keeps in `meta.driverAdapterError.cause`.
 */
export function sqlStateOf(error: unknown): string | null {
  if (!error || typeof error !== "object") return null;
  const e = error as { code?: unknown; severity?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } };
  const adapted = e.meta?.driverAdapterError?.cause;
  const candidate = adapted?.originalCode ?? adapted?.code ?? (typeof e.severity === "string" ? e.code : undefined);
  return typeof candidate === "string" && /^[0-9A-Z]{5}$/.test(candidate) ? candidate : null;
}

/**
 * A backstop behind the input schemas (validation/text.schema.ts): class 22 is "data exception" (NUL in
 * text 22021, in jsonb 22P05, int8 overflow 22003, a string too long 22001, a malformed uuid 22P02...),
 * which only a value the client sent can cause. The message never repeats PostgreSQL's.
 */
function sqlStateCode(state: string): DomainErrorCode | null {
  if (state.startsWith("22")) return "BAD_REQUEST";
  if (state === "23505") return "CONFLICT";
  if (state === "23503") return "BAD_REQUEST";
  return null;
}

// Prisma codes that mean the database is saturated, not broken: no connection or transaction could be had
// within `maxWait` (P2028, also an interactive transaction outliving its `timeout`), or the pool's own
// timeout (P2024). The caller may retry shortly; under overload that beats a 500 (bench/checkout found it).
const busyCodes = new Set(["P2024", "P2028"]);

/** The TRPCError for a domain or known database error; null when the error is a genuine server fault. */
export function toTRPCError(error: unknown): TRPCError | null {
  if (error instanceof TRPCError) return error;
  if (isPrismaKnownError(error) && busyCodes.has(error.code)) {
    const busy = new ServiceUnavailableError("database", { retryAfterSeconds: 1 });
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "the database is busy, try again shortly", cause: busy });
  }
  if (error instanceof DomainError) return new TRPCError({ code: error.code, message: error.message, cause: error });
  if (error instanceof TenantContextError) return new TRPCError({ code: "BAD_REQUEST", message: "invalid tenant id", cause: error });
  const state = sqlStateOf(error);
  const fromState = state ? sqlStateCode(state) : null;
  if (fromState) {
    const message = fromState === "CONFLICT" ? "already exists" : state?.startsWith("22") ? "invalid value" : "invalid reference";
    return new TRPCError({ code: fromState, message, cause: error });
  }
  if (isPrismaKnownError(error)) {
    const code = prismaCodes[error.code];
    if (code) {
      const message = code === "CONFLICT" ? "already exists" : code === "NOT_FOUND" ? "not found" : error.code === "P2003" ? "invalid reference" : "invalid value";
      return new TRPCError({ code, message, cause: error });
    }
  }
  return null;
}
