import type { Redis } from "ioredis";
import { identityKeys } from "./redis-keys";
import type { NewFlag } from "./flags.service";

/**
 * Suspicious-identity rules. Each counts events per subject in Redis over a fixed window (the key expires
 * with the window) and, the first time a window crosses its threshold, yields a flag for the operator
 * queue. They only raise flags: blocking is an operator's decision (decideFlag), never automatic.
 */
export const FLAG_RULES = {
  /** One address failing sign-in against many different accounts: credential stuffing or spraying. */
  failedLoginsAcrossAccounts: { name: "failed-logins-across-accounts", windowSeconds: 15 * 60, failures: 10, accounts: 5 },
  /** Many wrong second-factor codes for one account: someone holds the password but not the device. */
  secondFactorBurst: { name: "second-factor-burst", windowSeconds: 10 * 60, failures: 5 },
  /** Many accounts created from one device or one address: fake-account farming. */
  signupsPerDevice: { name: "signups-per-device", windowSeconds: 24 * 60 * 60, signups: 3 },
  signupsPerAddress: { name: "signups-per-address", windowSeconds: 60 * 60, signups: 5 },
} as const;

// Evidence lists at most this many members (accounts tried, user ids created) per flag.
const MAX_MEMBERS = 200;

interface WindowCount {
  count: number;
  members: string[];
  firstCrossing: boolean;
}

/**
 * Adds one event (and a member, e.g. the account tried) to a subject's window. `firstCrossing` is true
 * exactly once per window: for the event that first meets both thresholds.
 */
async function countInWindow(
  redis: Redis,
  rule: string,
  subject: string,
  member: string,
  windowSeconds: number,
  crossed: (count: number, distinct: number) => boolean,
): Promise<WindowCount> {
  const counter = identityKeys.ruleCounter(rule, subject);
  const members = identityKeys.ruleMembers(rule, subject);
  const replies = await redis
    .multi()
    .incr(counter)
    .expire(counter, windowSeconds, "NX")
    .sadd(members, member)
    .expire(members, windowSeconds, "NX")
    .scard(members)
    .smembers(members)
    .exec();
  if (!replies) throw new Error("flag rule counter transaction was discarded");
  const count = Number(replies[0]?.[1] ?? 0);
  const distinct = Number(replies[4]?.[1] ?? 0);
  const sample = ((replies[5]?.[1] as string[] | undefined) ?? []).sort().slice(0, MAX_MEMBERS);
  if (!crossed(count, distinct)) return { count, members: sample, firstCrossing: false };
  // One flag per window, however many more events arrive in it.
  const marker = await redis.set(`${counter}:raised`, "1", "EX", windowSeconds, "NX");
  return { count, members: sample, firstCrossing: marker === "OK" };
}

export async function failedLoginRule(redis: Redis, address: string, email: string): Promise<NewFlag | null> {
  const rule = FLAG_RULES.failedLoginsAcrossAccounts;
  const result = await countInWindow(redis, rule.name, address, email, rule.windowSeconds, (n, distinct) => n >= rule.failures && distinct >= rule.accounts);
  if (!result.firstCrossing) return null;
  return {
    subjectType: "ADDRESS",
    subjectValue: address,
    rule: rule.name,
    evidence: { failures: result.count, accounts: result.members, windowSeconds: rule.windowSeconds },
  };
}

export async function failedSecondFactorRule(redis: Redis, userId: string, address: string | null): Promise<NewFlag | null> {
  const rule = FLAG_RULES.secondFactorBurst;
  const result = await countInWindow(redis, rule.name, userId, address ?? "unknown", rule.windowSeconds, (n) => n >= rule.failures);
  if (!result.firstCrossing) return null;
  return {
    subjectType: "USER",
    subjectValue: userId,
    rule: rule.name,
    evidence: { failures: result.count, addresses: result.members, windowSeconds: rule.windowSeconds },
  };
}

export async function signupRules(redis: Redis, userId: string, address: string | null, deviceId: string | null): Promise<NewFlag[]> {
  const flags: NewFlag[] = [];
  if (deviceId) {
    const rule = FLAG_RULES.signupsPerDevice;
    const result = await countInWindow(redis, rule.name, deviceId, userId, rule.windowSeconds, (_n, distinct) => distinct >= rule.signups);
    if (result.firstCrossing) {
      flags.push({ subjectType: "DEVICE", subjectValue: deviceId, rule: rule.name, evidence: { signups: result.count, userIds: result.members, windowSeconds: rule.windowSeconds } });
    }
  }
  if (address) {
    const rule = FLAG_RULES.signupsPerAddress;
    const result = await countInWindow(redis, rule.name, address, userId, rule.windowSeconds, (_n, distinct) => distinct >= rule.signups);
    if (result.firstCrossing) {
      flags.push({ subjectType: "ADDRESS", subjectValue: address, rule: rule.name, evidence: { signups: result.count, userIds: result.members, windowSeconds: rule.windowSeconds } });
    }
  }
  return flags;
}
