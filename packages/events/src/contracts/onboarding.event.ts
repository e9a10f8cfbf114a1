import { z } from "zod";
import { defineEvent } from "./contract";
import { planSchema, tenantTypeSchema } from "./tenants.event";

// The seller-onboarding saga, choreographed (no orchestrator): each step's worker reacts to the previous
// step's event and emits the next one in the transaction that did its work.
//
//   tenants.onboarding.requested ─► tenant-provisioner ─► tenants.tenant.provisioned ─► membership-linker
//     ─► tenants.membership.linked ─► onboarding-notifier (welcome mail) ─► tenants.onboarding.completed
//   tenant-provisioner ─► tenants.provisioning.failed ─► user-rollback ─► identity.user.rolled-back
//
// Every event carries `requestId` (the onboarding_requests row) and the saga's correlation id is the
// request event's id, so one run can be followed end to end.

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).min(2).max(63);
const name = z.string().min(1).max(200);

/** A signed-in user asked for a seller tenant; the tenant-provisioner creates it. */
export const onboardingRequestedV1 = defineEvent({
  type: "tenants.onboarding.requested",
  version: 1,
  topic: "tenants.events",
  aggregateType: "onboarding",
  payload: z.object({
    requestId: z.uuid(),
    userId: z.uuid(),
    /** The requester; the audit log attributes the entry to them. */
    actorId: z.uuid(),
    name,
    slug,
    type: tenantTypeSchema,
    plan: planSchema,
    /** The account exists only for this onboarding: compensation soft-deletes it if provisioning fails. */
    registeredForOnboarding: z.boolean(),
  }),
});

/** The tenant (status ACTIVE) and its default store exist; the membership-linker makes the user OWNER. */
export const tenantProvisionedV1 = defineEvent({
  type: "tenants.tenant.provisioned",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({
    requestId: z.uuid(),
    tenantId: z.uuid(),
    userId: z.uuid(),
    name,
    slug,
    type: tenantTypeSchema,
    plan: planSchema,
    storeId: z.uuid(),
    storeSlug: slug,
  }),
});

export const provisioningFailureReasonSchema = z.enum(["slug-taken", "plan-unavailable", "requester-inactive"]);

/** Provisioning refused the request (nothing was created); the user-rollback worker compensates. */
export const provisioningFailedV1 = defineEvent({
  type: "tenants.provisioning.failed",
  version: 1,
  topic: "tenants.events",
  aggregateType: "onboarding",
  payload: z.object({
    requestId: z.uuid(),
    userId: z.uuid(),
    slug,
    reason: provisioningFailureReasonSchema,
    detail: z.string().max(500),
  }),
});

/** The requester is the new tenant's OWNER; the onboarding-notifier sends the welcome mail. */
export const membershipLinkedV1 = defineEvent({
  type: "tenants.membership.linked",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({
    requestId: z.uuid(),
    tenantId: z.uuid(),
    userId: z.uuid(),
    membershipId: z.uuid(),
    role: z.literal("OWNER"),
  }),
});

/** The welcome mail went out: the saga's last step. */
export const onboardingCompletedV1 = defineEvent({
  type: "tenants.onboarding.completed",
  version: 1,
  topic: "tenants.events",
  aggregateType: "onboarding",
  payload: z.object({
    requestId: z.uuid(),
    tenantId: z.uuid(),
    userId: z.uuid(),
    /** The notification_deliveries row of the welcome mail. */
    welcomeDeliveryId: z.uuid(),
  }),
});

/**
 * Compensation of a failed onboarding: the request is FAILED and, when the account existed only for it,
 * the user is soft-deleted (status DELETED, deletedAt) and signed out everywhere.
 */
export const userRolledBackV1 = defineEvent({
  type: "identity.user.rolled-back",
  version: 1,
  topic: "identity.events",
  aggregateType: "user",
  payload: z.object({
    userId: z.uuid(),
    requestId: z.uuid(),
    reason: provisioningFailureReasonSchema,
    softDeleted: z.boolean(),
    revokedSessionIds: z.array(z.uuid()),
  }),
});
