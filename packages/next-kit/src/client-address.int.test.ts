import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";

import { apiEnv } from "@bazaar/api/env";
import { createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { createLogger } from "@bazaar/observability";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { clientAddressOf, forApi, installPeerAddressStamp, PEER_HEADER } from "./client-address";

// `server-only` refuses to load outside a React Server Components bundle; this test is the server.
vi.mock("server-only", () => ({}));
const { createTrpcRouteHandler } = await import("./trpc-route.handler");

// A browser that rotates X-Forwarded-For must not get a fresh address bucket per request, nor plant
// someone else's address: the app believes only the TCP peer its server stamped, and hands the API
// that address vouched for with API_PROXY_SECRET.

let database: TestDatabase;
let db: Db;
let redis: Redis;
const logger = createLogger("next-kit-test", { level: "error", stream: new Writable({ write: (_c, _e, done) => done() }) });

beforeAll(async () => {
  installPeerAddressStamp();
  database = await createTestDatabase(testDatabaseName("next_kit_address"));
  db = createDb({ url: database.url, poolSize: 2, applicationName: "next-kit-address-test" });
  redis = new Redis(apiEnv().REDIS_URL, { maxRetriesPerRequest: 1, keyPrefix: `test:next-kit-address:${randomUUID()}:` });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
});

/** What a server of this process hands its request handler, given what the client sent. */
async function seenByServer(sent: Record<string, string>): Promise<Headers> {
  const server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.headers));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: "/", headers: sent }, (res) => {
        let data = "";
        res.on("data", (chunk: Buffer) => (data += chunk.toString()));
        res.on("end", () => resolve(data));
      });
      req.on("error", reject);
      req.end();
    });
    return new Headers(JSON.parse(body) as Record<string, string>);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("the client address of a request to a Next app", () => {
  it("is the TCP peer the server stamped, whatever the client wrote in its headers", async () => {
    const headers = await seenByServer({ "x-forwarded-for": "203.0.113.7", [PEER_HEADER]: "203.0.113.8" });
    expect(headers.get(PEER_HEADER)).toBe("127.0.0.1");
    expect(clientAddressOf(headers)).toBe("127.0.0.1");
  });

  it("is the address the app's own loopback hop vouched for, only with the shared secret", async () => {
    const vouched = await seenByServer({ "x-bazaar-client-address": "198.51.100.44", "x-bazaar-proxy-secret": apiEnv().API_PROXY_SECRET });
    expect(clientAddressOf(vouched)).toBe("198.51.100.44");
    const forged = await seenByServer({ "x-bazaar-client-address": "198.51.100.44", "x-bazaar-proxy-secret": "a guess that is long enough to compare" });
    expect(clientAddressOf(forged)).toBe("127.0.0.1");
  });

  it("reaches the API vouched for, with the client's own vouching headers dropped", () => {
    const out = forApi(new Headers({ "x-bazaar-client-address": "203.0.113.9", "x-bazaar-proxy-secret": "forged", "user-agent": "ua" }), "198.51.100.5");
    expect(out.get("x-bazaar-client-address")).toBe("198.51.100.5");
    expect(out.get("x-bazaar-proxy-secret")).toBe(apiEnv().API_PROXY_SECRET);
    expect(out.get("user-agent")).toBe("ua");
    const anonymous = forApi(new Headers({ "x-bazaar-client-address": "203.0.113.9", "x-bazaar-proxy-secret": "forged" }), null);
    expect([anonymous.get("x-bazaar-client-address"), anonymous.get("x-bazaar-proxy-secret")]).toEqual([null, null]);
  });

  it("keeps one address bucket for a browser that rotates X-Forwarded-For through the tRPC route", async () => {
    const handler = createTrpcRouteHandler({ getDeps: () => ({ db, redis, logger }) });
    const statuses: number[] = [];
    // The login policy allows a burst of 20 attempts per address and refills one every 6 s; each attempt
    // claims a new address. A refill during a slow run may let an attempt or two more through, so the
    // test sends until the first refusal (bounded): with a bucket per claimed address none would come.
    for (let i = 0; i < 60 && !statuses.includes(429); i++) {
      const request = new Request("http://127.0.0.1:3000/api/trpc/identity.login", {
        method: "POST",
        headers: { "content-type": "application/json", "x-trpc-source": "test", "x-forwarded-for": `203.0.113.${i + 1}`, [PEER_HEADER]: "127.0.0.1" },
        body: JSON.stringify({ json: { email: `nobody-${i}@address.test`, password: "wrong password" } }),
      });
      statuses.push((await handler(request)).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([401]));
  });
});
