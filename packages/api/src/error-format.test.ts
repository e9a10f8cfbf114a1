import { context } from "@opentelemetry/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "./errors";
import { quietLogger } from "./testing/quiet-logger";
import { createTRPCRouter, publicProcedure, type TRPCContext } from "./trpc";

// What a client sees of a failure, through the real HTTP adapter and error formatter. These tests run
// with NODE_ENV=test, i.e. outside development.

const router = createTRPCRouter({
  broken: publicProcedure.query(() => {
    throw new Error('insert into "users" failed: duplicate key value violates unique constraint "users_email_key"');
  }),
  missing: publicProcedure.query(() => {
    throw new NotFoundError("store");
  }),
});

const ctx = { requestId: "req-0123456789", logger: quietLogger(), traceParent: context.active(), rateLimiter: null, session: null } as unknown as TRPCContext;

async function errorOf(path: string) {
  const res = await fetchRequestHandler({ endpoint: "/trpc", req: new Request(`http://127.0.0.1/trpc/${path}`), router, createContext: () => ctx });
  const body = (await res.json()) as { error: { json: { message: string; data: Record<string, unknown> } } };
  return { status: res.status, ...body.error.json };
}

describe("error responses outside development", () => {
  it("carry no stack trace and no text of an unexpected error, only the request id to find it by", async () => {
    const error = await errorOf("broken");
    expect(error.status).toBe(500);
    expect(error.message).toBe("internal server error");
    expect(error.data).not.toHaveProperty("stack");
    expect(JSON.stringify(error)).not.toMatch(/users_email_key|duplicate key|insert into/);
    expect(error.data.requestId).toBe("req-0123456789");
  });

  it("keep the message of a domain refusal, which is written for the client", async () => {
    const error = await errorOf("missing");
    expect([error.status, error.message]).toEqual([404, "store not found"]);
    expect(error.data).not.toHaveProperty("stack");
  });
});
