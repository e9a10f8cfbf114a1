import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import type { TRPCError } from "@trpc/server";
import { Redis } from "ioredis";
import type { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root";
import type { ProcedureMeta } from "../security/access";
import type { Session } from "../session";
import { leafAt, leavesOf, samplesFor, withLeaf, type Leaf, type Sample } from "../testing/sample-input";
import { callProcedure } from "../testing/call-procedure";
import { waitForUrls } from "../testing/wait-for";

// Walks every procedure of the app router and sends, into each string field in turn (the rest of the
// input valid), a NUL byte, an escape character, a lone surrogate, an overlong value and, where the
// field holds digits, a number past PostgreSQL's bigint; into each number field a value past int8. Every
// one must be refused as BAD_REQUEST before it reaches the database: never a 500. A new procedure is
// covered the moment it is mounted; one whose input the sample builder cannot satisfy fails below
// until it gets an explicit sample in SAMPLES.

/** Inputs the builder cannot derive from the schema. */
const SAMPLES: Record<string, unknown[]> = {
  "stores.claimDomain": [{ storeId: "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11", hostname: "shop.example.com" }],
  // A store by id or slug, and a product by handle or id: one sample per form.
  "catalog.getPublishedProduct": [
    { storeSlug: "shop-one", handle: "shop-one" },
    { storeId: "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11", productId: "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11" },
  ],
  // Country codes and test payment methods have shapes the generator does not guess.
  "cart.setRegion": [{ cartId: "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11", token: "A".repeat(43), expectedVersion: 1, region: "DE" }],
  "checkout.placeOrder": [
    {
      cartId: "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11",
      token: "A".repeat(43),
      idempotencyKey: "shop-one-key",
      email: "someone@example.com",
      shippingAddress: { name: "Sample text", line1: "Sample text", line2: "Sample text", city: "Sample text", region: "Sample text", postalCode: "10115", country: "DE", phone: "123456" },
      paymentMethod: "pm_card_visa",
    },
  ],
  "promotions.create": [{ code: "shop-one", kind: "FIXED", value: 500, currency: "EUR", minSubtotalAmount: 0, usageLimit: 1, perCustomerLimit: 1 }],
  "promotions.createMarketplace": [{ code: "shop-two", kind: "FIXED", value: 500, currency: "EUR", minSubtotalAmount: 0, usageLimit: 1, perCustomerLimit: 1 }],
  "search.setSynonyms": [{ groups: [["tee", "t-shirt"]] }],
  "search.getProduct": [{ productId: "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11" }, { storeSlug: "shop-one", handle: "shop-one" }],
  // ISO currency codes, and a refund by amount or by lines (never both).
  "ledger.entries": [{ currency: "EUR", kind: "SALE", orderId: "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11", limit: 1 }],
  "ledger.platformTotals": [{ currency: "EUR" }],
  "payouts.list": [{ currency: "EUR", status: "PENDING", limit: 1 }],
  // Each provider's account reference has its own shape (ledger/payout-destination.schema.ts).
  "payouts.setDestination": [{ provider: "sandbox", destination: "acct_sandbox_sample" }],
  // Shipping regions are ISO 3166-1 alpha-2 codes.
  "taxRates.upsert": [{ region: "DE", rateBps: 1_900 }],
  "taxRates.delete": [{ region: "DE" }],
  "orders.refund": [
    { orderId: "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11", idempotencyKey: "shop-one-key", amount: 100, reason: "Sample text" },
    {
      orderId: "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11",
      idempotencyKey: "shop-one-key",
      lines: [{ orderLineId: "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11", quantity: 1 }],
      reason: "Sample text",
      restock: true,
    },
  ],
};

/**
 * Fields that may hold any character, each reviewed: the value is only hashed or compared, never
 * stored or logged. They still must not cause a 500.
 */
const ANY_CHARACTER: Record<string, string> = {
  "identity.login.password": "an existing password is never refused for its shape; it is only hashed",
  "catalog.importProductsCsv.csv":
    "a whole file of up to 900 kB, so the 100 kB probe is within bounds; control characters are still refused, and every cell is checked by the field schemas",
};

const INT8_OVERFLOW = "9223372036854775808";
/** A field that holds only digits (a bigint cursor, a code): worth a value past int8. */
const digitsOnly = (leaf: Leaf, valid: string) => /^\d+$/.test(valid) && typeof leaf.schema.pattern === "string" && !new RegExp(leaf.schema.pattern, "u").test("ab12");
const stringVariants = (valid: string, digits: boolean): Record<string, string> => ({
  NUL: `${valid.slice(0, 1)}\u0000${valid.slice(1)}`,
  escape: `${valid.slice(0, 1)}\u001b[2J${valid.slice(1)}`,
  "lone surrogate": `${valid.slice(0, 1)}\ud800${valid.slice(1)}`,
  overlong: `${valid}${"x".repeat(100_000)}`,
  ...(digits ? { "int8 overflow": INT8_OVERFLOW, "19 nines": "9".repeat(19) } : {}),
});
const numberVariants: Record<string, number> = { "past int8": 2 ** 63, "not finite": Number.POSITIVE_INFINITY };

let database: TestDatabase;
let db: Db;
let redis: Redis;
let tenantId = "";
let session: Session;

interface Procedure {
  _def: { meta?: ProcedureMeta; inputs: z.ZodType[] };
}
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;

function call(path: string, input: unknown): Promise<TRPCError | "ok"> {
  const kind = procedures[path]!._def.meta?.access?.kind;
  return callProcedure({ router: appRouter, path, input, db, redis, session: kind === "public" ? null : session, tenantId: kind === "tenant" ? tenantId : undefined });
}

/** Valid inputs for `path`, or a problem saying why there are none. */
function validSamples(path: string): Sample[] | string {
  const input = procedures[path]!._def.inputs[0];
  if (!input) return [];
  const explicit = SAMPLES[path];
  let samples: Sample[];
  try {
    samples = explicit ? explicit.map((value) => ({ value, leaves: leavesOf(value) })) : samplesFor(input);
  } catch (error) {
    return `${path}: cannot derive an input from its schema (${String(error)}); add one to SAMPLES`;
  }
  const invalid = samples.find((s) => !input.safeParse(s.value).success);
  if (invalid) return `${path}: cannot build a valid input (${JSON.stringify(invalid.value)}); add one to SAMPLES`;
  return samples;
}

async function problemsOf(path: string): Promise<string[]> {
  const samples = validSamples(path);
  if (typeof samples === "string") return [samples];
  const problems: string[] = [];
  for (const sample of samples) {
    for (const leaf of sample.leaves) {
      const field = [path, ...leaf.path].join(".");
      const variants = variantsOf(leaf, leafAt(sample.value, leaf.path));
      for (const [label, hostile] of Object.entries(variants)) {
        const r = await call(path, withLeaf(sample.value, leaf.path, hostile));
        const outcome = r === "ok" ? "succeeded" : `${r.code}: ${r.message.slice(0, 120)}`;
        if (r !== "ok" && r.code === "INTERNAL_SERVER_ERROR") problems.push(`${field} ${label}: ${outcome}`);
        else if (!(field in ANY_CHARACTER) && (r === "ok" || r.code !== "BAD_REQUEST")) problems.push(`${field} ${label}: expected BAD_REQUEST, ${outcome}`);
      }
    }
  }
  return problems;
}

function variantsOf(leaf: Leaf, valid: unknown): Record<string, unknown> {
  return leaf.kind === "string" ? stringVariants(String(valid), digitsOnly(leaf, String(valid))) : numberVariants;
}

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  database = await createTestDatabase(testDatabaseName("api_hostile"));
  db = createDb({ url: database.url, poolSize: 4, applicationName: "hostile-input-test" });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, keyPrefix: `test:hostile:${database.name}:` });
  await asPlatform(db, async (tx) => {
    // One caller who passes every guard, so each input reaches its schema and, if let through, its handler.
    const user = await tx.user.create({ data: { email: "everyone@hostile.test", name: "Everyone", passwordHash: "not-used", platformRole: "OPERATOR", emailVerifiedAt: new Date() } });
    const tenant = await tx.tenant.create({ data: { slug: "hostile", name: "Hostile", type: "SELLER_BUSINESS" } });
    await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: "OWNER" } });
    tenantId = tenant.id;
    session = { userId: user.id, platformRole: "OPERATOR" };
  });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
});

describe("hostile input: every procedure of the app router", () => {
  const paths = Object.keys(procedures).sort();

  it("builds a valid input for every procedure that takes one", () => {
    const problems = paths.map(validSamples).filter((s): s is string => typeof s === "string");
    expect(problems).toEqual([]);
  });

  it("walks the free-text fields the issue names", () => {
    const fields = paths.flatMap((path) => {
      const samples = validSamples(path);
      return typeof samples === "string" ? [] : samples.flatMap((s) => s.leaves.map((l) => [path, ...l.path].join(".")));
    });
    for (const f of ["identity.register.name", "stores.create.name", "stores.create.theme.logo.url", "tenants.startOnboarding.name", "ops.listTenants.search", "audit.list.cursor", "ops.listAudit.cursor"]) {
      expect(fields).toContain(f);
    }
  });

  it("refuses control characters, overlong values and int8 overflow as BAD_REQUEST, never a 500", async () => {
    const problems: string[] = [];
    for (const path of paths) problems.push(...(await problemsOf(path)));
    expect(problems).toEqual([]);
  }, 120_000);

  it("has no stale entries in SAMPLES or ANY_CHARACTER", () => {
    expect(Object.keys(SAMPLES).filter((p) => !paths.includes(p))).toEqual([]);
    expect(Object.keys(ANY_CHARACTER).filter((f) => !paths.some((p) => f.startsWith(`${p}.`)))).toEqual([]);
  });
});
