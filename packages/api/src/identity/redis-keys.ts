// Every Redis key of the identity domain, in one place. All of them carry a TTL (set where written).
export const identityKeys = {
  /** JSON {userId, platformRole} = session active, "0" = revoked; the SessionResolver's cache in front of user_sessions and users. */
  session: (sessionId: string) => `idn:sess:${sessionId}`,
  /** Pending email verification of a user: code digest, link digest, attempts. */
  emailVerification: (userId: string) => `idn:verify:${userId}`,
  /** Password accepted, second factor pending: user, device, address, methods, attempts. */
  challenge: (challengeId: string) => `idn:2fa:ch:${challengeId}`,
  /** An email or SMS code sent for a challenge. */
  challengeCode: (challengeId: string, method: string) => `idn:2fa:code:${challengeId}:${method}`,
  /** A TOTP secret shown to the user but not yet confirmed with a code (encrypted). */
  totpEnrollment: (userId: string) => `idn:totp:pending:${userId}`,
  /** A phone number waiting for its confirmation code, with the code digest and attempts. */
  smsEnrollment: (userId: string) => `idn:sms:pending:${userId}`,
  /** Cached answer "is this address/device locked by an operator?" ("1"/"0"). */
  blocked: (subjectType: "ADDRESS" | "DEVICE", value: string) => `idn:block:${subjectType.toLowerCase()}:${value}`,
  /** Flagging-rule counters (see flag-rules.ts). */
  ruleCounter: (rule: string, subject: string) => `idn:rule:${rule}:${subject}`,
  ruleMembers: (rule: string, subject: string) => `idn:rule:${rule}:${subject}:members`,
};
