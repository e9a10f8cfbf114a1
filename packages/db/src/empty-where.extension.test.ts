import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { isEmptyWhere, refuseEmptyWhere } from "./empty-where.extension";
import { EmptyWhereError } from "./errors";
import { PrismaClient, TenantRole } from "./generated/prisma/client";

describe("isEmptyWhere", () => {
  it.each([
    ["missing", undefined],
    ["null", null],
    ["{}", {}],
    ["only undefined values", { tenantId: undefined, role: undefined }],
    ["a field filter of undefined operators", { tenantId: { equals: undefined } }],
    ["an empty relation filter", { tenant: {} }],
    ["AND of empty clauses", { AND: [{ tenantId: undefined }, {}] }],
    ["AND as one empty object", { AND: { id: undefined } }],
    ["OR with one empty clause", { OR: [{ id: "x" }, { id: undefined }] }],
  ])("%s matches every row", (_label, where) => {
    expect(isEmptyWhere(where)).toBe(true);
  });

  it.each([
    ["a value", { tenantId: "t1" }],
    ["null (IS NULL)", { publishedAt: null }],
    ["false", { active: false }],
    ["an operator", { createdAt: { lte: new Date() } }],
    ["a defined value beside undefined ones", { tenantId: undefined, role: TenantRole.STAFF }],
    ["AND with one real clause", { AND: [{}, { id: "x" }] }],
    ["OR of real clauses", { OR: [{ id: "x" }, { id: "y" }] }],
    ["OR of nothing (matches nothing)", { OR: [] }],
    ["NOT", { NOT: { id: "x" } }],
    ["a JSON equality with {}", { data: { equals: {} } }],
  ])("%s is a real condition", (_label, where) => {
    expect(isEmptyWhere(where)).toBe(false);
  });
});

describe("refuseEmptyWhere", () => {
  // Nothing listens on port 9: were the guard to let a query through, it would fail with a connection
  // error, not EmptyWhereError. No connection is made in these tests.
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: "postgresql://nobody:nothing@127.0.0.1:9/none" }),
  }).$extends(refuseEmptyWhere);
  afterAll(() => client.$disconnect());

  it("refuses deleteMany without a where, with {} and with only undefined values", async () => {
    await expect(client.membership.deleteMany()).rejects.toBeInstanceOf(EmptyWhereError);
    await expect(client.membership.deleteMany({})).rejects.toBeInstanceOf(EmptyWhereError);
    await expect(client.membership.deleteMany({ where: { tenantId: undefined } })).rejects.toThrow(
      "Membership.deleteMany refused: its where clause is empty",
    );
  });

  it("refuses updateMany and updateManyAndReturn with an empty where", async () => {
    const error = await client.tenant.updateMany({ where: {}, data: { name: "x" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyWhereError);
    expect(error).toMatchObject({ model: "Tenant", operation: "updateMany" });
    await expect(
      client.user.updateManyAndReturn({ where: { AND: [{ email: undefined }] }, data: { name: "x" } }),
    ).rejects.toMatchObject({ name: "EmptyWhereError", operation: "updateManyAndReturn" });
  });
});
