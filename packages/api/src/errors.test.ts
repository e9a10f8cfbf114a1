import { TRPCError } from "@trpc/server";
import { TenantContextError } from "@bazaar/db";
import { describe, expect, it } from "vitest";
import { ConflictError, DomainError, NotFoundError, sqlStateOf, toTRPCError } from "./errors";

function prismaError(code: string) {
  return Object.assign(new Error("db"), { name: "PrismaClientKnownRequestError", code });
}

describe("toTRPCError", () => {
  it("maps domain errors to their client codes", () => {
    expect(toTRPCError(new NotFoundError("tenant"))?.code).toBe("NOT_FOUND");
    expect(toTRPCError(new ConflictError("slug taken"))?.code).toBe("CONFLICT");
    expect(toTRPCError(new DomainError("PRECONDITION_FAILED", "plan limit"))?.message).toBe("plan limit");
  });

  it("maps Prisma's client-caused errors and leaves unknown ones alone", () => {
    expect(toTRPCError(prismaError("P2002"))?.code).toBe("CONFLICT");
    expect(toTRPCError(prismaError("P2025"))?.code).toBe("NOT_FOUND");
    expect(toTRPCError(prismaError("P1001"))).toBeNull();
    // Saturation, not a client mistake and not a fault: a typed, retryable SERVICE_UNAVAILABLE.
    expect(toTRPCError(prismaError("P2028"))?.code).toBe("SERVICE_UNAVAILABLE");
    expect(toTRPCError(prismaError("P2024"))?.code).toBe("SERVICE_UNAVAILABLE");
    expect(toTRPCError(new Error("socket hang up"))).toBeNull();
  });

  it("maps PostgreSQL data exceptions that slip past the schemas to BAD_REQUEST without their message", () => {
    const adapted = (sqlState: string) =>
      Object.assign(prismaError("P2039"), {
        meta: { driverAdapterError: { cause: { originalCode: sqlState, originalMessage: 'invalid byte sequence for encoding "UTF8": 0x00' } } },
      });
    for (const state of ["22021", "22P05", "22003", "22001", "22P02"]) {
      const mapped = toTRPCError(adapted(state));
      expect(mapped?.code).toBe("BAD_REQUEST");
      expect(mapped?.message).toBe("invalid value");
    }
    expect(toTRPCError(prismaError("P2020"))?.code).toBe("BAD_REQUEST");
    const pgError = Object.assign(new Error("value out of range"), { code: "22003", severity: "ERROR" });
    expect(toTRPCError(pgError)?.code).toBe("BAD_REQUEST");
    expect(toTRPCError(adapted("23505"))?.code).toBe("CONFLICT");
    // A server-side fault (here: a lost connection) stays a 500.
    expect(toTRPCError(adapted("08006"))).toBeNull();
    expect(sqlStateOf(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBeNull();
  });

  it("treats a malformed tenant id reaching the db layer as the client's mistake", () => {
    expect(toTRPCError(new TenantContextError("acme"))?.code).toBe("BAD_REQUEST");
  });

  it("passes a TRPCError through", () => {
    const e = new TRPCError({ code: "FORBIDDEN" });
    expect(toTRPCError(e)).toBe(e);
  });
});
