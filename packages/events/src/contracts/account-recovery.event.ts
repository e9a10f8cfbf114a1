import { z } from "zod";
import { defineEvent } from "./contract";
import { tenantRoleSchema } from "./tenancy.event";

// Password recovery and change, and staff invitations. Payloads carry identifiers only: a reset or
// invitation token never leaves the API process except in the email sent to its owner.

/** A reset link was mailed to the account's address (an unknown address emits nothing). */
export const passwordResetRequestedV1 = defineEvent({
  type: "identity.password-reset.requested",
  version: 1,
  topic: "identity.events",
  aggregateType: "user",
  payload: z.object({
    userId: z.uuid(),
    tokenId: z.uuid(),
    expiresAt: z.iso.datetime({ offset: true }),
    ipAddress: z.string().max(100).nullable(),
  }),
});

/**
 * The password was set through a reset link: every session was revoked. `verifiedEmail` says the reset
 * also verified the address; `clearedUnverifiedState` says what an account nobody had proved the address
 * of lost (second factors, memberships), see docs/decisions/0006-unverified-accounts-and-recovery.md.
 */
export const passwordResetV1 = defineEvent({
  type: "identity.password.reset",
  version: 1,
  topic: "identity.events",
  aggregateType: "user",
  payload: z.object({
    userId: z.uuid(),
    tokenId: z.uuid(),
    verifiedEmail: z.boolean(),
    revokedSessions: z.number().int().min(0),
    clearedUnverifiedState: z.object({
      secondFactors: z.boolean(),
      membershipTenantIds: z.array(z.uuid()),
    }),
  }),
});

/** The signed-in user changed their password; every other session was revoked. */
export const passwordChangedV1 = defineEvent({
  type: "identity.password.changed",
  version: 1,
  topic: "identity.events",
  aggregateType: "user",
  payload: z.object({
    userId: z.uuid(),
    sessionId: z.uuid().nullable(),
    revokedSessions: z.number().int().min(0),
  }),
});

const invitationBase = {
  invitationId: z.uuid(),
  tenantId: z.uuid(),
  email: z.email(),
  role: tenantRoleSchema,
  actorId: z.uuid(),
};

export const invitationCreatedV1 = defineEvent({
  type: "tenants.invitation.created",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({ ...invitationBase, expiresAt: z.iso.datetime({ offset: true }), replacedInvitationId: z.uuid().nullable() }),
});

/** `actorId` is the user who accepted (now a member with `role`). */
export const invitationAcceptedV1 = defineEvent({
  type: "tenants.invitation.accepted",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({ ...invitationBase, membershipId: z.uuid() }),
});

export const invitationRevokedV1 = defineEvent({
  type: "tenants.invitation.revoked",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object(invitationBase),
});
