import { randomBytes } from "node:crypto";
import { asPlatform, type Db, type Prisma, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { ConflictError, DomainError, NotFoundError } from "../errors";
import { PLANS } from "../plans/plans";
import type { StartOnboardingInput } from "./onboarding.schema";
import { slugify } from "./slug";

// The API side of the onboarding saga: a request row and its `tenants.onboarding.requested` event, written
// together; the workers in apps/workers/src/onboarding take it from there (see the steps in
// onboarding-saga/). Requests have no tenant until one is provisioned, so they are read in platform
// context, always pinned to the requesting user.
//
// Slug availability is decided by the provisioner, the only writer of tenants, when it creates the tenant:
// checking here could not hold (the slug can be taken between request and provisioning), so a taken slug
// is a provisioning failure with compensation, not an error of this call. `tenants.checkSlug` gives the
// wizard early feedback.

/** How recent an account must be to count as created for the onboarding it starts. */
export const SIGNUP_ONBOARDING_WINDOW_MS = 24 * 60 * 60 * 1_000;

const IN_FLIGHT = ["REQUESTED", "PROVISIONED", "LINKED"] as const;

type OnboardingRequest = Prisma.OnboardingRequestModel;

export interface OnboardingStatusView {
  requestId: string;
  status: OnboardingRequest["status"];
  name: string;
  slug: string;
  type: OnboardingRequest["type"];
  plan: OnboardingRequest["plan"];
  tenantId: string | null;
  storeId: string | null;
  registeredForOnboarding: boolean;
  failureReason: string | null;
  failureDetail: string | null;
  createdAt: Date;
  provisionedAt: Date | null;
  linkedAt: Date | null;
  completedAt: Date | null;
  failedAt: Date | null;
}

export function onboardingStatusView(r: OnboardingRequest): OnboardingStatusView {
  return {
    requestId: r.id,
    status: r.status,
    name: r.name,
    slug: r.slug,
    type: r.type,
    plan: r.plan,
    tenantId: r.tenantId,
    storeId: r.storeId,
    registeredForOnboarding: r.registeredForOnboarding,
    failureReason: r.failureReason,
    failureDetail: r.failureDetail,
    createdAt: r.createdAt,
    provisionedAt: r.provisionedAt,
    linkedAt: r.linkedAt,
    completedAt: r.completedAt,
    failedAt: r.failedAt,
  };
}

/** Whether `slug` is free for a tenant and its default store right now (advisory: see above). */
export async function isSlugAvailable(tx: Tx, slug: string): Promise<boolean> {
  if (await tx.tenant.findUnique({ where: { slug }, select: { id: true } })) return false;
  return !(await tx.store.findUnique({ where: { slug }, select: { id: true } }));
}

async function derivedSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  if (!base) throw new DomainError("BAD_REQUEST", "the name has no letters or digits to derive a slug from; pass `slug`", { field: "slug" });
  if (await isSlugAvailable(tx, base)) return base;
  // A derived slug is the platform's choice, so it may be made unique; an explicit one is the seller's.
  return `${base.slice(0, 58).replace(/-+$/, "")}-${randomBytes(2).toString("hex")}`;
}

/**
 * The account was created for this onboarding (a seller signing up), so a failed provisioning may remove
 * it: it is recent, belongs to no tenant, and has never asked for an onboarding before. An older or
 * already used account is never deleted by compensation; only its request fails.
 */
async function accountCreatedForOnboarding(tx: Tx, user: { id: string; createdAt: Date }, now: Date): Promise<boolean> {
  if (now.getTime() - user.createdAt.getTime() > SIGNUP_ONBOARDING_WINDOW_MS) return false;
  if ((await tx.membership.count({ where: { userId: user.id } })) > 0) return false;
  return (await tx.onboardingRequest.count({ where: { userId: user.id } })) === 0;
}

/**
 * Records an onboarding request for `userId` and emits `tenants.onboarding.requested` in the same
 * transaction. One request in flight per user (CONFLICT otherwise). `registeredForOnboarding` may be forced
 * by a caller that creates the account in the same transaction (a sign-up with an onboarding section).
 */
export async function requestOnboardingInTx(
  tx: Tx,
  userId: string,
  input: StartOnboardingInput,
  options: { registeredForOnboarding?: boolean } = {},
): Promise<OnboardingStatusView> {
  // Serialises one user's requests, so a double submit cannot start two sagas.
  const users = await tx.$queryRaw<{ id: string; status: string; deleted_at: Date | null; created_at: Date }[]>`
    SELECT id::text AS id, status::text AS status, deleted_at, created_at FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  const user = users[0];
  if (!user || user.status !== "ACTIVE" || user.deleted_at) throw new DomainError("FORBIDDEN", "this account cannot start an onboarding");
  const inFlight = await tx.onboardingRequest.findFirst({ where: { userId, status: { in: [...IN_FLIGHT] } }, select: { id: true } });
  if (inFlight) throw new ConflictError("an onboarding is already in progress", { requestId: inFlight.id });
  if (!PLANS[input.plan].selfServe) throw new DomainError("BAD_REQUEST", `the ${input.plan} plan is not offered to new sellers`, { plan: input.plan });

  const now = new Date();
  const slug = input.slug ?? (await derivedSlug(tx, input.name));
  const registeredForOnboarding = options.registeredForOnboarding ?? (await accountCreatedForOnboarding(tx, { id: user.id, createdAt: user.created_at }, now));
  const request = await tx.onboardingRequest.create({
    data: { userId, name: input.name, slug, type: input.type, plan: input.plan, registeredForOnboarding, createdAt: now },
  });
  await enqueue(tx, {
    type: "tenants.onboarding.requested",
    version: 1,
    tenantId: null,
    aggregateId: request.id,
    payload: { requestId: request.id, userId, actorId: userId, name: input.name, slug, type: input.type, plan: input.plan, registeredForOnboarding },
  });
  return onboardingStatusView(request);
}

export function requestOnboarding(db: Db, userId: string, input: StartOnboardingInput): Promise<OnboardingStatusView> {
  return asPlatform(db, (tx) => requestOnboardingInTx(tx, userId, input));
}

/** One of the user's own onboarding requests; NOT_FOUND for anyone else's. */
export async function getOnboardingStatus(db: Db, userId: string, requestId: string): Promise<OnboardingStatusView> {
  const request = await asPlatform(db, (tx) => tx.onboardingRequest.findFirst({ where: { id: requestId, userId } }));
  if (!request) throw new NotFoundError("onboarding request", { requestId });
  return onboardingStatusView(request);
}

/** The user's own onboarding requests, newest first: how the admin app finds sagas still running or failed. */
export function listOnboardingRequestsOf(db: Db, userId: string, limit: number) {
  return asPlatform(db, (tx) =>
    tx.onboardingRequest.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: { id: true, name: true, slug: true, status: true, createdAt: true, failureReason: true },
    }),
  );
}

export async function checkSlug(db: Db, slug: string) {
  return { slug, available: await asPlatform(db, (tx) => isSlugAvailable(tx, slug)) };
}
