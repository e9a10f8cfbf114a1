import { TRPCError } from "@trpc/server";
import { TenantContextError } from "@bazaar/db";
import { describe, expect, it } from "vitest";
import { ConflictError, DomainError, NotFoundError, toTRPCError } from "./errors";

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
    expect(toTRPCError(new Error("socket hang up"))).toBeNull();
  });

  it("treats a malformed tenant id reaching the db layer as the client's mistake", () => {
    expect(toTRPCError(new TenantContextError("acme"))?.code).toBe("BAD_REQUEST");
  });

  it("passes a TRPCError through", () => {
    const e = new TRPCError({ code: "FORBIDDEN" });
    expect(toTRPCError(e)).toBe(e);
  });
});
