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
    reason: z.enum(["logout", "revoked-by-user", "refresh-token-reused", "account-locked"]),
  }),
});
