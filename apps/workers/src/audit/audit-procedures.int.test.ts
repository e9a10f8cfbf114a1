import { auditExportStream } from "@bazaar/api/audit";
import { asPlatform } from "@bazaar/db";
import { waitUntil } from "@bazaar/events/testing";
import { parse } from "csv-parse/sync";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenancyHarness, trpcErrorOf, type TenancyHarness } from "../onboarding/onboarding.testing";
import { createOutboxRelayWorker } from "../outbox-relay/outbox-relay.worker";
import { createAuditLogWorker } from "./audit-log.consumer";

// The audit procedures over a trail the real pipeline wrote: tenant and operator actions through the API,
// their outbox events relayed over Kafka and appended to each tenant's hash chain by the audit-log worker.
// Then list, export (JSONL, CSV) for one tenant and time range, verify, and tamper as the table's owner.

let h: TenancyHarness;
const u = { ownerA: "", adminA: "", managerA: "", ownerB: "", operator: "", spare1: "", spare2: "", spareB: "" };
const t = { a: "", b: "" };

beforeAll(async () => {
  h = await startTenancyHarness("audit_api", (deps) => [createOutboxRelayWorker(deps), createAuditLogWorker(deps)]);
  await asPlatform(h.db, async (tx) => {
    for (const key of Object.keys(u) as (keyof typeof u)[]) {
      const user = await tx.user.create({
        data: { email: `${key.toLowerCase()}.${h.runId}@audit.test`, name: `User ${key}`, passwordHash: "unused", platformRole: key === "operator" ? "OPERATOR" : "NONE" },
      });
      u[key] = user.id;
    }
    const a = await tx.tenant.create({ data: { slug: "audit-a", name: "Audit A", type: "SELLER_BUSINESS", plan: "PRO" } });
    const b = await tx.tenant.create({ data: { slug: "audit-b", name: "Audit B", type: "SELLER_BUSINESS", plan: "PRO" } });
    Object.assign(t, { a: a.id, b: b.id });
    await tx.membership.createMany({
      data: [
        { tenantId: a.id, userId: u.ownerA, role: "OWNER" },
        { tenantId: a.id, userId: u.adminA, role: "ADMIN" },
        { tenantId: a.id, userId: u.managerA, role: "MANAGER" },
        // Staff join by invitation; this one is already in so its role can change below.
        { tenantId: a.id, userId: u.spare1, role: "STAFF" },
        { tenantId: b.id, userId: u.ownerB, role: "OWNER" },
      ],
    });
    await tx.store.create({ data: { tenantId: a.id, name: "Audit A", slug: "audit-a" } });
  });
});

afterAll(async () => {
  await h?.close();
});

const as = (userId: string, tenantId?: string, platformRole: "NONE" | "OPERATOR" = "NONE") =>
  h.caller({ session: { userId, platformRole }, ...(tenantId ? { tenantId } : {}) });

/** Waits until every event written to the outbox so far is in the audit log; returns their entries. */
async function auditedSoFar() {
  const ids = (await asPlatform(h.db, (tx) => tx.outboxEvent.findMany({ select: { eventId: true } }))).map((r) => r.eventId);
  return waitUntil(
    async () => {
      const entries = await asPlatform(h.db, (tx) => tx.auditEntry.findMany({ where: { eventId: { in: ids } }, orderBy: { seq: "asc" } }));
      return entries.length === ids.length && entries;
    },
    { timeoutMs: 30_000, description: `${ids.length} events audited` },
  );
}

let from: Date;
let to: Date;
let inRangeA: string[];

describe("audit procedures", () => {
  it("records tenant actions in each tenant's chain; a range [from, to) separates two batches", async () => {
    from = new Date();
    const ownerA = await as(u.ownerA, t.a);
    await ownerA.tenants.inviteStaff({ email: `invitee1.${h.runId}@audit.test`, role: "STAFF" });
    await (await as(u.adminA, t.a)).tenants.changeStaffRole({ userId: u.spare1, role: "MANAGER" });
    const [store] = await ownerA.stores.list();
    // Commas, quotes and a line break: the CSV export must escape them.
    await ownerA.stores.update({ storeId: store!.id, name: 'Books, "rare"; used', theme: { primaryColor: "#112233" } });
    await (await as(u.ownerB, t.b)).tenants.inviteStaff({ email: `spareb.${h.runId}@audit.test`, role: "VIEWER" });
    const batch1 = await auditedSoFar();
    inRangeA = batch1.filter((e) => e.tenantId === t.a).map((e) => e.id);
    expect(inRangeA).toHaveLength(3);
    expect(batch1.filter((e) => e.tenantId === t.b)).toHaveLength(1);

    to = new Date(Math.max(...batch1.map((e) => e.createdAt.getTime())) + 1);
    // Entries are stamped by this machine's clock when appended: once it has passed `to`, every later
    // entry falls outside the range.
    await waitUntil(() => Date.now() > to.getTime(), { intervalMs: 1 });
    await (await as(u.adminA, t.a)).tenants.inviteStaff({ email: `spare2.${h.runId}@audit.test`, role: "VIEWER" });
    await (await as(u.operator, undefined, "OPERATOR")).ops.suspendTenant({ tenantId: t.b, reason: "review, \"pending\"" });
    const all = await auditedSoFar();
    expect(all.filter((e) => e.tenantId === t.a)).toHaveLength(4);
    expect(all.filter((e) => e.createdAt >= to)).toHaveLength(2);
  });

  it("lists a tenant's own trail to its ADMINs, newest first, page by page", async () => {
    const admin = await as(u.adminA, t.a);
    const page1 = await admin.audit.list({ limit: 3 });
    const page2 = await admin.audit.list({ limit: 3, cursor: page1.nextCursor! });
    expect(page1.entries).toHaveLength(3);
    expect(page2).toMatchObject({ entries: [expect.anything()], nextCursor: null });
    const entries = [...page1.entries, ...page2.entries];
    expect(entries.every((e) => e.tenantId === t.a)).toBe(true);
    expect(entries.map((e) => Number(e.seq))).toEqual(entries.map((e) => Number(e.seq)).sort((x, y) => y - x));
    // Store and staff events travel on different topics, consumed in parallel: the chain's order is the
    // order of appending, not of emission across topics.
    expect(entries.map((e) => e.action).sort()).toEqual(["stores.store.updated", "tenants.invitation.created", "tenants.invitation.created", "tenants.staff.role-changed"]);
    expect(entries.find((e) => e.action === "tenants.staff.role-changed")).toMatchObject({ actorId: u.adminA, entityType: "tenant", entityId: t.a });

    const ranged = await admin.audit.list({ from, to, limit: 50 });
    expect(ranged.entries.map((e) => e.id).sort()).toEqual([...inRangeA].sort());

    expect((await trpcErrorOf((await as(u.managerA, t.a)).audit.list({}))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf((await as(u.ownerB, t.a)).audit.list({}))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(admin.audit.list({ from: to, to: from }))).code).toBe("BAD_REQUEST");
  });

  it("exports one tenant's entries in the range as JSONL and CSV, nothing else", async () => {
    const admin = await as(u.adminA, t.a);
    const jsonl = await admin.audit.export({ from, to, format: "jsonl" });
    expect(jsonl).toMatchObject({ tenantId: t.a, format: "jsonl", entries: 3, contentType: "application/x-ndjson; charset=utf-8" });
    const lines = jsonl.content.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(inRangeA);
    for (const line of lines) {
      expect(line.tenantId).toBe(t.a);
      expect(Date.parse(line.createdAt as string)).toBeGreaterThanOrEqual(from.getTime());
      expect(Date.parse(line.createdAt as string)).toBeLessThan(to.getTime());
    }

    const csv = await admin.audit.export({ from: from.toISOString() as unknown as Date, to, format: "csv" });
    expect(csv).toMatchObject({ format: "csv", entries: 3, contentType: "text/csv; charset=utf-8" });
    const rows = parse(csv.content, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => ({ ...r, data: JSON.parse(r.data!) as unknown }))).toEqual(
      lines.map((l) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, k === "data" ? v : (v ?? "")]))),
    );
    expect(rows.find((r) => r.action === "stores.store.updated")!.data).toContain('Books, \\"rare\\"; used');

    // The stream for large ranges (one transaction per page) produces the same document.
    let streamed = "";
    for await (const chunk of auditExportStream(h.db, { tenantId: t.a, from, to, format: "csv", pageSize: 2 })) streamed += String(chunk);
    expect(streamed).toBe(csv.content);

    // The operator's compliance export of the same tenant and range is the same document.
    const operator = await as(u.operator, undefined, "OPERATOR");
    expect((await operator.ops.exportAudit({ tenantId: t.a, from, to, format: "jsonl" })).content).toBe(jsonl.content);
    expect((await trpcErrorOf((await as(u.ownerA)).ops.exportAudit({ tenantId: t.a, from, to, format: "csv" }))).code).toBe("FORBIDDEN");
    const empty = await admin.audit.export({ from: new Date(0), to: new Date(1), format: "csv" });
    expect(empty).toMatchObject({ entries: 0, content: "seq,id,tenantId,actorId,action,entityType,entityId,eventId,createdAt,prevHash,hash,data\n" });
  });

  it("lets operators read any chain", async () => {
    const operator = await as(u.operator, undefined, "OPERATOR");
    const b = await operator.ops.listAudit({ tenantId: t.b, limit: 50 });
    expect(b.entries.map((e) => e.action)).toEqual(["tenants.tenant.suspended", "tenants.invitation.created"]);
    expect(b.entries[0]).toMatchObject({ actorId: u.operator, data: { payload: { reason: 'review, "pending"' } } });
    const everything = await operator.ops.listAudit({ limit: 50 });
    expect(new Set(everything.entries.map((e) => e.tenantId))).toEqual(new Set([t.a, t.b]));
  });

  it("verifies the chains, and after the owner role tampers with an entry names the first broken one", async () => {
    const admin = await as(u.adminA, t.a);
    const operator = await as(u.operator, undefined, "OPERATOR");
    expect(await admin.audit.verify()).toMatchObject({ tenantId: t.a, valid: true, entries: 4, firstBroken: null });
    expect(await operator.ops.verifyAudit({ tenantId: t.b })).toMatchObject({ valid: true, entries: 2 });

    const victim = await asPlatform(h.db, (tx) => tx.auditEntry.findFirstOrThrow({ where: { tenantId: t.a, action: "tenants.staff.role-changed" } }));
    const intactBefore = await asPlatform(h.db, (tx) => tx.auditEntry.count({ where: { tenantId: t.a, seq: { lt: victim.seq } } }));
    const owner = new pg.Client({ connectionString: h.database.ownerUrl });
    await owner.connect();
    try {
      // The append-only trigger stops even the owner...
      await owner.query("BEGIN");
      await owner.query("SELECT set_config('app.platform', 'on', true)");
      await expect(owner.query(`UPDATE audit_entries SET action = 'tenants.nothing.happened' WHERE id = $1`, [victim.id])).rejects.toThrow(/append-only/);
      await owner.query("ROLLBACK");
      // ...until the owner, who may alter its table, switches the trigger off: exactly what the chain is for.
      await owner.query("BEGIN");
      await owner.query("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only");
      await owner.query("SELECT set_config('app.platform', 'on', true)");
      const { rowCount } = await owner.query(`UPDATE audit_entries SET data = jsonb_set(data, '{payload,toRole}', '"OWNER"') WHERE id = $1`, [victim.id]);
      expect(rowCount).toBe(1);
      await owner.query("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only");
      await owner.query("COMMIT");
    } finally {
      await owner.end();
    }

    const report = await admin.audit.verify();
    expect(report).toMatchObject({
      tenantId: t.a,
      valid: false,
      entries: intactBefore,
      firstBroken: { seq: victim.seq.toString(), id: victim.id, action: "tenants.staff.role-changed", reason: "hash-mismatch" },
    });
    expect(await operator.ops.verifyAudit({ tenantId: t.a })).toEqual(report);
    expect(await operator.ops.verifyAudit({ tenantId: t.b })).toMatchObject({ valid: true });
  });
});
