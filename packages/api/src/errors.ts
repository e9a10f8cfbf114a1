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
  | "TOO_MANY_REQUESTS";

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
  P2025: "NOT_FOUND", // record to update/delete not found
};

/** A unique index refused the write (Prisma P2002): a service turns it into its own ConflictError. */
export function isUniqueViolation(error: unknown): boolean {
  return isPrismaKnownError(error) && error.code === "P2002";
}

/** The TRPCError for a domain or known database error; null when the error is a genuine server fault. */
export function toTRPCError(error: unknown): TRPCError | null {
  if (error instanceof TRPCError) return error;
  if (error instanceof DomainError) return new TRPCError({ code: error.code, message: error.message, cause: error });
  if (error instanceof TenantContextError) return new TRPCError({ code: "BAD_REQUEST", message: "invalid tenant id", cause: error });
  if (isPrismaKnownError(error)) {
    const code = prismaCodes[error.code];
    if (code) {
      const message = code === "CONFLICT" ? "already exists" : code === "NOT_FOUND" ? "not found" : "invalid reference";
      return new TRPCError({ code, message, cause: error });
    }
  }
  return null;
}
