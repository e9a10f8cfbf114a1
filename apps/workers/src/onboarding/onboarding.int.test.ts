import { asPlatform } from "@bazaar/db";
import { createProducer, enqueue, type DomainEvent } from "@bazaar/events";
import { createHandlerSpy, waitUntil } from "@bazaar/events/testing";
import { mailpit, type MailpitMessage } from "@bazaar/notifications/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditLogWorker } from "../audit/audit-log.consumer";
import { verifyAuditChain } from "../audit/audit-log.service";
import { createOutboxRelayWorker } from "../outbox-relay/outbox-relay.worker";
import { createMembershipLinkerWorker } from "./membership-linker.consumer";
import { createOnboardingNotifierWorker } from "./onboarding-notifier.consumer";
import { startTenancyHarness, trpcErrorOf, type TenancyHarness } from "./onboarding.testing";
import { createTenantProvisionerWorker } from "./tenant-provisioner.consumer";
import { createUserRollbackWorker } from "./user-rollback.consumer";

// The seller-onboarding saga end to end, choreographed over real Kafka: sign-up and sign-in through
// identity's procedures, tenants.startOnboarding, then the outbox relay and the four saga workers (and
// the audit log) hosted in-process as the workers app hosts them, with the welcome mail read back from
// the SMTP server. The forced failure is real input: a slug another tenant already holds.

const PASSWORD = "correct horse battery staple";
const provisionerSpy = createHandlerSpy();
const mailbox = mailpit();
let h: TenancyHarness;

beforeAll(async () => {
  h = await startTenancyHarness("onboarding", (deps, redis) => [
    createOutboxRelayWorker(deps),
    createTenantProvisionerWorker(deps, { observer: provisionerSpy }),
    createMembershipLinkerWorker(deps),
    createOnboardingNotifierWorker(deps, { dashboardUrl: "http://127.0.0.1:3001/" }),
    createUserRollbackWorker(deps, { redis }),
    createAuditLogWorker(deps),
  ]);
});

afterAll(async () => {
  await h?.close();
});

/** A new account through identity's own procedures, signed in; returns its bearer token. */
async function signUp(label: string, name: string) {
  const email = `${label}.${h.runId}@tenancy.test`;
  const anonymous = await h.caller();
  const { userId } = await anonymous.identity.register({ email, password: PASSWORD, name });
  // Starting an onboarding needs a verified address: verify with the mailed code, as the user would.
  const [verification] = await mailbox.waitForMessages(email);
  const code = /\b(\d{6})\b/.exec(verification!.Text)?.[1];
  if (!code) throw new Error(`no code in the verification mail: ${verification!.Text}`);
  await anonymous.identity.verifyEmail({ email, code });
  const login = await anonymous.identity.login({ email, password: PASSWORD });
  if (login.status !== "authenticated") throw new Error(`sign-in needs ${login.status}`);
  return { email, userId, bearer: login.accessToken, sessionId: login.sessionId };
}

const requestRow = (requestId: string) => asPlatform(h.db, (tx) => tx.onboardingRequest.findUniqueOrThrow({ where: { id: requestId } }));

function settled(requestId: string, status: "COMPLETED" | "FAILED") {
  return waitUntil(
    async () => {
      const row = await requestRow(requestId);
      if (row.status === (status === "COMPLETED" ? "FAILED" : "COMPLETED")) throw new Error(`request ended ${row.status}: ${row.failureReason}`);
      return row.status === status && row;
    },
    { timeoutMs: 60_000, intervalMs: 100, description: `onboarding ${requestId} ${status}` },
  );
}

const outboxOf = (type: string, key: string) =>
  asPlatform(h.db, (tx) => tx.outboxEvent.findMany({ where: { type, key }, orderBy: { position: "asc" } }));

let seller: Awaited<ReturnType<typeof signUp>>;
let tenantId: string;
let slug: string;

describe("onboarding saga", () => {
  it("takes a new seller from sign-up to an ACTIVE tenant with a default store, OWNER membership and a welcome mail", async () => {
    seller = await signUp("ana", "Ana Seller");
    const api = await h.caller({ bearer: seller.bearer });
    const started = await api.tenants.startOnboarding({ name: `Ana's Books ${h.runId}`, type: "SELLER_INDIVIDUAL", plan: "FREE" });
    slug = `anas-books-${h.runId}`;
    expect(started).toMatchObject({ status: "REQUESTED", slug, registeredForOnboarding: true, tenantId: null });

    const done = await settled(started.requestId, "COMPLETED");
    tenantId = done.tenantId!;
    expect(done).toMatchObject({ provisionedAt: expect.any(Date), linkedAt: expect.any(Date), completedAt: expect.any(Date), failedAt: null });
    expect(await api.tenants.getOnboardingStatus({ requestId: started.requestId })).toMatchObject({ status: "COMPLETED", tenantId, storeId: done.storeId });

    const state = await asPlatform(h.db, async (tx) => ({
      tenant: await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } }),
      stores: await tx.store.findMany({ where: { tenantId } }),
      memberships: await tx.membership.findMany({ where: { tenantId } }),
    }));
    expect(state.tenant).toMatchObject({ slug, status: "ACTIVE", type: "SELLER_INDIVIDUAL", plan: "FREE", name: `Ana's Books ${h.runId}` });
    expect(state.stores).toEqual([expect.objectContaining({ id: done.storeId, slug, name: `Ana's Books ${h.runId}`, theme: {} })]);
    expect(state.memberships.map((m) => [m.userId, m.role])).toEqual([[seller.userId, "OWNER"]]);
    expect(await api.tenants.listMine()).toEqual([expect.objectContaining({ id: tenantId, slug, role: "OWNER", status: "ACTIVE" })]);

    // The welcome mail, as the SMTP server received it (registration also sent a verification mail).
    const welcome = await waitUntil(
      async () => (await mailbox.messagesTo(seller.email)).find((m: MailpitMessage) => m.Subject.startsWith("Welcome to Bazaar")),
      { timeoutMs: 30_000, intervalMs: 200, description: "welcome mail" },
    );
    expect(welcome.Subject).toBe(`Welcome to Bazaar, Ana's Books ${h.runId} is ready`);
    expect(welcome.Text).toContain("Hi Ana Seller");
    expect(welcome.Text).toContain("FREE plan");
    expect(welcome.Text).toContain("http://127.0.0.1:3001/");
    const delivery = await asPlatform(h.db, (tx) => tx.notificationDelivery.findUniqueOrThrow({ where: { idempotencyKey: `onboarding-welcome:${started.requestId}` } }));
    expect(delivery).toMatchObject({ tenantId, template: "welcome", status: "SENT", recipient: seller.email });
    expect(await mailbox.header(welcome.ID, "X-Bazaar-Delivery-Id")).toEqual([delivery.id]);

    // Each step announced itself, caused by the one before, all under the request's correlation id.
    const [requested] = await outboxOf("tenants.onboarding.requested", started.requestId);
    const [provisioned] = await outboxOf("tenants.tenant.provisioned", tenantId);
    const [linked] = await outboxOf("tenants.membership.linked", tenantId);
    const [completed] = await outboxOf("tenants.onboarding.completed", started.requestId);
    const envelopes = [requested, provisioned, linked, completed].map((r) => r!.envelope as unknown as DomainEvent);
    expect(envelopes.map((e) => e.correlationId)).toEqual(Array(4).fill(envelopes[0]!.id));
    expect(envelopes.slice(1).map((e) => e.causationId)).toEqual(envelopes.slice(0, 3).map((e) => e.id));
    expect(envelopes[3]!.payload).toMatchObject({ welcomeDeliveryId: delivery.id });

    // The tenant's audit chain records the saga's tenant-scoped steps and verifies.
    await waitUntil(
      () => asPlatform(h.db, (tx) => tx.auditEntry.findFirst({ where: { tenantId, action: "tenants.onboarding.completed" } })),
      { timeoutMs: 30_000, description: "onboarding.completed audited" },
    );
    const actions = (await asPlatform(h.db, (tx) => tx.auditEntry.findMany({ where: { tenantId }, select: { action: true } }))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["tenants.tenant.provisioned", "stores.store.created", "tenants.membership.linked", "tenants.onboarding.completed"]));
    expect((await verifyAuditChain(h.db, tenantId)).broken).toBeNull();
  });

  it("handles a redelivered request once (inbox) and a re-sent request as a no-op (the request moved on)", async () => {
    const [row] = await asPlatform(h.db, (tx) => tx.outboxEvent.findMany({ where: { type: "tenants.onboarding.requested", tenantId: null }, orderBy: { position: "asc" }, take: 1 }));
    const original = row!.envelope as unknown as DomainEvent;
    const producer = createProducer({ kafka: h.kafka });
    await producer.connect();
    try {
      await producer.publish([{ topic: `${h.deps.naming.prefix}tenants.events`, key: original.aggregate.id, value: JSON.stringify(original), headers: {} }]);
    } finally {
      await producer.disconnect();
    }
    await provisionerSpy.waitFor(original.id, { outcome: "duplicate" });

    // The same request announced again under a new event id passes the inbox; the step sees it done.
    const copy = await asPlatform(h.db, (tx) =>
      enqueue(tx, { type: "tenants.onboarding.requested", version: 1, tenantId: null, aggregateId: original.aggregate.id, payload: (original as DomainEvent & { type: "tenants.onboarding.requested" }).payload }),
    );
    await provisionerSpy.waitFor(copy.id, { outcome: "handled" });
    const counts = await asPlatform(h.db, async (tx) => ({
      tenants: await tx.tenant.count({ where: { slug } }),
      stores: await tx.store.count({ where: { tenantId } }),
      provisioned: await tx.outboxEvent.count({ where: { type: "tenants.tenant.provisioned", key: tenantId } }),
    }));
    expect(counts).toEqual({ tenants: 1, stores: 1, provisioned: 1 });
  });

  it("compensates a failed provisioning (slug already taken): the request FAILS and the new account is soft-deleted and signed out", async () => {
    const copycat = await signUp("copycat", "Copy Cat");
    const api = await h.caller({ bearer: copycat.bearer });
    const tenantsBefore = await asPlatform(h.db, (tx) => tx.tenant.count());
    const started = await api.tenants.startOnboarding({ name: "Copycat Books", slug, type: "SELLER_BUSINESS", plan: "PRO" });
    expect(started).toMatchObject({ status: "REQUESTED", registeredForOnboarding: true });

    const failed = await settled(started.requestId, "FAILED");
    expect(failed).toMatchObject({ failureReason: "slug-taken", tenantId: null, storeId: null, failedAt: expect.any(Date) });
    expect(failed.failureDetail).toContain(slug);

    const user = await asPlatform(h.db, (tx) => tx.user.findUniqueOrThrow({ where: { id: copycat.userId } }));
    expect(user).toMatchObject({ status: "DELETED", deletedAt: expect.any(Date) });
    const sessions = await asPlatform(h.db, (tx) => tx.userSession.findMany({ where: { userId: copycat.userId } }));
    expect(sessions.map((s) => [s.id, s.revokedAt !== null])).toEqual([[copycat.sessionId, true]]);
    expect(await asPlatform(h.db, (tx) => tx.refreshToken.count({ where: { userId: copycat.userId, revokedAt: null } }))).toBe(0);
    // The access token stops working at once (the session cache was told), and the password with it.
    expect((await trpcErrorOf((await h.caller({ bearer: copycat.bearer })).tenants.listMine())).code).toBe("UNAUTHORIZED");
    const relogin = await trpcErrorOf((await h.caller()).identity.login({ email: copycat.email, password: PASSWORD }));
    expect(relogin.code).toBe("UNAUTHORIZED");

    // Nothing was provisioned, and the compensation is on record.
    expect(await asPlatform(h.db, (tx) => tx.tenant.count())).toBe(tenantsBefore);
    expect(await asPlatform(h.db, (tx) => tx.membership.count({ where: { userId: copycat.userId } }))).toBe(0);
    const [rolledBack] = await outboxOf("identity.user.rolled-back", copycat.userId);
    expect((rolledBack!.envelope as unknown as DomainEvent).payload).toEqual({
      userId: copycat.userId,
      requestId: started.requestId,
      reason: "slug-taken",
      softDeleted: true,
      revokedSessionIds: [copycat.sessionId],
    });
    const status = await (await h.caller({ session: { userId: copycat.userId, platformRole: "NONE" } })).tenants.getOnboardingStatus({ requestId: started.requestId });
    expect(status).toMatchObject({ status: "FAILED", failureReason: "slug-taken" });
  });

  it("fails the request of an existing seller without touching their account", async () => {
    const api = await h.caller({ bearer: seller.bearer });
    const started = await api.tenants.startOnboarding({ name: "Second shop", slug, type: "FRANCHISE", plan: "PRO" });
    expect(started.registeredForOnboarding).toBe(false);
    const failed = await settled(started.requestId, "FAILED");
    expect(failed.failureReason).toBe("slug-taken");
    const user = await asPlatform(h.db, (tx) => tx.user.findUniqueOrThrow({ where: { id: seller.userId } }));
    expect(user).toMatchObject({ status: "ACTIVE", deletedAt: null });
    expect(await api.tenants.listMine()).toHaveLength(1);
    const [rolledBack] = await outboxOf("identity.user.rolled-back", seller.userId);
    expect((rolledBack!.envelope as unknown as DomainEvent).payload).toMatchObject({ requestId: started.requestId, softDeleted: false, revokedSessionIds: [] });
  });

  it("refuses a second onboarding while one is in flight, bad input, and anonymous callers, changing nothing", async () => {
    const newcomer = await signUp("newcomer", "New Comer");
    const api = await h.caller({ bearer: newcomer.bearer });
    const count = () => asPlatform(h.db, (tx) => tx.onboardingRequest.count());
    const before = await count();
    expect((await trpcErrorOf(api.tenants.startOnboarding({ name: "x", type: "MARKETPLACE", plan: "GOLD" as never }))).code).toBe("BAD_REQUEST");
    // ENTERPRISE is not self-serve: an operator approves it for an existing tenant (tenants.requestPlanApproval).
    expect((await trpcErrorOf(api.tenants.startOnboarding({ name: "Big", type: "MARKETPLACE", plan: "ENTERPRISE" }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(api.tenants.startOnboarding({ name: "!!!", type: "MARKETPLACE", plan: "FREE" }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf((await h.caller()).tenants.startOnboarding({ name: "Anon", type: "MARKETPLACE", plan: "FREE" }))).code).toBe("UNAUTHORIZED");
    expect(await count()).toBe(before);
    const someoneElses = await asPlatform(h.db, (tx) => tx.onboardingRequest.findFirstOrThrow({ where: { userId: seller.userId } }));
    expect((await trpcErrorOf(api.tenants.getOnboardingStatus({ requestId: someoneElses.id }))).code).toBe("NOT_FOUND");

    const first = await api.tenants.startOnboarding({ name: `Newcomer ${h.runId}`, type: "MARKETPLACE", plan: "PRO" });
    const second = await trpcErrorOf(api.tenants.startOnboarding({ name: `Newcomer again ${h.runId}`, type: "MARKETPLACE", plan: "PRO" }));
    expect(second.code).toBe("CONFLICT");
    expect(await count()).toBe(before + 1);
    await settled(first.requestId, "COMPLETED");
  });
});
