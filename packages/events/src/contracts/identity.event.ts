import { z } from "zod";
import { defineEvent } from "./contract";

/** A user completed registration; starts the onboarding saga and the welcome notification. */
export const userRegisteredV1 = defineEvent({
  type: "identity.user.registered",
  version: 1,
  topic: "identity.events",
  aggregateType: "user",
  payload: z.object({
    userId: z.uuid(),
    email: z.email(),
    name: z.string().min(1).max(200),
  }),
});

export const identitySubjectTypeSchema = z.enum(["USER", "ADDRESS", "DEVICE"]);

/** A rule found a user, client address or device suspicious; an operator reviews it in the ops console. */
export const identityFlaggedV1 = defineEvent({
  type: "identity.identity.flagged",
  version: 1,
  topic: "identity.events",
  aggregateType: "identity-flag",
  payload: z.object({
    flagId: z.uuid(),
    subjectType: identitySubjectTypeSchema,
    subjectValue: z.string().min(1).max(200),
    rule: z.string().min(1).max(100),
    evidence: z.record(z.string(), z.unknown()),
  }),
});

/** An operator cleared or locked a flagged identity; the audit log keeps who, when and why. */
export const flagDecidedV1 = defineEvent({
  type: "identity.flag.decided",
  version: 1,
  topic: "identity.events",
  aggregateType: "identity-flag",
  payload: z.object({
    flagId: z.uuid(),
    decision: z.enum(["clear", "lock"]),
    note: z.string().max(2_000),
    decidedBy: z.uuid(),
    subjectType: identitySubjectTypeSchema,
    subjectValue: z.string().min(1).max(200),
    /** Accounts whose status this decision changed (locked, or unlocked when a lock is cleared). */
    lockedUserIds: z.array(z.uuid()),
    unlockedUserIds: z.array(z.uuid()),
  }),
});

/** A session ended other than by expiry; `refresh-token-reused` means a stolen token was presented. */
export const sessionRevokedV1 = defineEvent({
  type: "identity.session.revoked",
  version: 1,
  topic: "identity.events",
  aggregateType: "user",
  payload: z.object({
    userId: z.uuid(),
    sessionId: z.uuid(),
    reason: z.enum(["logout", "revoked-by-user", "refresh-token-reused", "account-locked", "password-reset", "password-changed"]),
  }),
});

/** Tokens were issued after the password (and the second factor, when one is configured). */
export const loginSucceededV1 = defineEvent({
  type: "identity.login.succeeded",
  version: 1,
  topic: "identity.events",
  aggregateType: "user",
  payload: z.object({
    userId: z.uuid(),
    sessionId: z.uuid(),
    secondFactor: z.enum(["totp", "email", "sms", "recovery"]).nullable(),
    ipAddress: z.string().max(100).nullable(),
    userAgent: z.string().max(512).nullable(),
  }),
});

/**
 * A sign-in was refused. Keyed by the user when the email names one, by the (lower-cased) email when
 * it does not, so repeated guesses at one address stay ordered together.
 */
export const loginFailedV1 = defineEvent({
  type: "identity.login.failed",
  version: 1,
  topic: "identity.events",
  aggregateType: "user",
  payload: z.object({
    email: z.string().min(1).max(254),
    userId: z.uuid().nullable(),
    reason: z.enum(["bad-password", "unknown-email", "locked", "bad-second-factor"]),
    ipAddress: z.string().max(100).nullable(),
  }),
});

/** A second factor was turned on or off, or the recovery codes were replaced. */
export const secondFactorChangedV1 = defineEvent({
  type: "identity.second-factor.changed",
  version: 1,
  topic: "identity.events",
  aggregateType: "user",
  payload: z.object({
    userId: z.uuid(),
    method: z.enum(["totp", "email", "sms", "recovery-codes"]),
    change: z.enum(["enabled", "disabled", "regenerated"]),
  }),
});
