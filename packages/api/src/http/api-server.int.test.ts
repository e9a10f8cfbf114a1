import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import { quietLogger } from "../testing/quiet-logger";
import { TRPCClientError } from "@trpc/client";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBazaarClient } from "../client";
import type { AppRouter } from "../root";
import { createApiServer, type ApiServer } from "./api-server";
import { waitForUrls } from "../testing/wait-for";

const WEB_ORIGIN = "http://127.0.0.1:3000";

let database: TestDatabase;
let db: Db;
let redis: Redis;
let api: ApiServer;
let baseUrl: string;
let client: ReturnType<typeof createBazaarClient>;

async function rowCounts() {
  return asPlatform(db, async (tx) => ({
    tenants: await tx.tenant.count(),
    users: await tx.user.count(),
    memberships: await tx.membership.count(),
    outbox: await tx.outboxEvent.count(),
  }));
}

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  database = await createTestDatabase(testDatabaseName("api_server"));
  db = createDb({ url: database.url, poolSize: 4, applicationName: "api-test" });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1 });
  await asPlatform(db, (tx) =>
    tx.tenant.createMany({
      data: [
        { slug: "acme-goods", name: "Acme Goods", type: "SELLER_BUSINESS", plan: "PRO" },
        { slug: "closed-shop", name: "Closed", type: "SELLER_INDIVIDUAL", status: "SUSPENDED" },
      ],
    }),
  );
  api = createApiServer({ db, redis, logger: quietLogger(), allowedOrigins: [WEB_ORIGIN] });
  ({ url: baseUrl } = await api.listen(0));
  client = createBazaarClient({ url: `${baseUrl}/trpc` });
});

afterAll(async () => {
  await api?.close(1_000);
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
});

function trpcError(error: unknown): TRPCClientError<AppRouter> {
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<AppRouter>;
}

describe("API server", () => {
  it("answers health.ping with superjson-typed data", async () => {
    const pong = await client.health.ping.query();
    expect(pong.status).toBe("ok");
    expect(pong.time).toBeInstanceOf(Date);
  });

  it("reports postgres and redis ready through health.ready", async () => {
    const report = await client.health.ready.query();
    expect(report).toMatchObject({ status: "ok", checks: { postgres: { status: "ok" }, redis: { status: "ok" } } });
  });

  it("rejects bad input with BAD_REQUEST, flattened zod issues, and no database change", async () => {
    const before = await rowCounts();
    const error = trpcError(await client.tenants.getBySlug.query({ slug: "Not A Slug!" }).catch((e: unknown) => e));
    expect(error.data?.code).toBe("BAD_REQUEST");
    expect(error.data?.httpStatus).toBe(400);
    expect(error.data?.zodError?.fieldErrors).toHaveProperty("slug");
    expect(error.data?.issues?.[0]).toMatchObject({ path: ["slug"] });
    expect(await rowCounts()).toEqual(before);
  });

  it("reads an active tenant by slug and hides unknown or suspended ones as NOT_FOUND", async () => {
    const tenant = await client.tenants.getBySlug.query({ slug: "acme-goods" });
    expect(tenant).toMatchObject({ slug: "acme-goods", name: "Acme Goods", type: "SELLER_BUSINESS", plan: "PRO" });
    for (const slug of ["no-such-shop", "closed-shop"]) {
      const error = trpcError(await client.tenants.getBySlug.query({ slug }).catch((e: unknown) => e));
      expect(error.data?.code).toBe("NOT_FOUND");
      expect(error.data?.httpStatus).toBe(404);
    }
  });

  it("refuses an authed procedure without a verified session, even with a bearer header", async () => {
    const forged = createBazaarClient({ url: `${baseUrl}/trpc`, headers: { authorization: "Bearer not-a-token" } });
    for (const c of [client, forged]) {
      const error = trpcError(await c.tenants.listMine.query().catch((e: unknown) => e));
      expect(error.data?.code).toBe("UNAUTHORIZED");
      expect(error.data?.httpStatus).toBe(401);
    }
  });

  it("serves liveness, readiness and metrics beside tRPC", async () => {
    const health = await fetch(`${baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });

    const ready = await fetch(`${baseUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { postgres: { status: "ok" }, redis: { status: "ok" } } });

    await client.health.ping.query();
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(text).toMatch(/trpc_request_duration_seconds_count\{[^}]*path="health\.ping"[^}]*code="OK"[^}]*\} \d+/);
    expect(text).toMatch(/trpc_request_duration_seconds_count\{[^}]*path="tenants\.getBySlug"[^}]*code="BAD_REQUEST"/);

    expect((await fetch(`${baseUrl}/elsewhere`)).status).toBe(404);
  });

  it("sets security headers, echoes a request id, and allows CORS only for configured origins", async () => {
    const url = `${baseUrl}/trpc/health.ping`;
    const allowed = await fetch(url, { headers: { origin: WEB_ORIGIN, "x-request-id": "req-test-0001" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe(WEB_ORIGIN);
    expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");
    expect(allowed.headers.get("x-request-id")).toBe("req-test-0001");
    expect(allowed.headers.get("x-content-type-options")).toBe("nosniff");
    expect(allowed.headers.get("x-frame-options")).toBe("DENY");
    expect(allowed.headers.get("content-security-policy")).toContain("default-src 'none'");

    const foreign = await fetch(url, { headers: { origin: "http://evil.example" } });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();

    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: { origin: WEB_ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "x-tenant-id" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-tenant-id");
  });
});
