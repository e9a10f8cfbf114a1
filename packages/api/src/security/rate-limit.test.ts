import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { CheckoutBusyError } from "../checkout/checkout-admission";
import { DomainError, ServiceUnavailableError } from "../errors";
import { accountSubject, bucketsFor, RateLimitExceededError, rateLimitPolicies, retryAfterResponseMeta, retryAfterSecondsOf } from "./rate-limit";

const policies = rateLimitPolicies({ burst: 100, perSecond: 10 });

describe("rate-limit subjects and buckets", () => {
  it("targets the account the input names whoever calls, else the signed-in user, never a raw email in a key", () => {
    const byEmail = accountSubject("login", null, { email: " Ada@Example.com " });
    expect(byEmail).toMatch(/^email:[A-Za-z0-9_-]{22}$/);
    expect(byEmail).toBe(accountSubject("login", null, { email: "ada@example.com" }));
    expect(byEmail).not.toContain("example");
    // A signed-in caller guessing someone else's password draws from that account's bucket.
    expect(accountSubject("login", "u-1", { email: "ADA@example.com" })).toBe(byEmail);
    expect(accountSubject("second-factor", "u-1", { challengeId: "c-1" })).toMatch(/^challenge:/);
    expect(accountSubject("second-factor", "u-1", { code: "123456" })).toBe("user:u-1");
    expect(accountSubject("general", "u-1", { email: "a@b.c" })).toBe("user:u-1");
    expect(accountSubject("login", null, undefined)).toBeNull();
    expect(accountSubject("login", null, { email: 42 })).toBeNull();
  });

  it("builds one bucket per known subject, keyed by policy", () => {
    expect(bucketsFor("login", policies.login, { address: "203.0.113.7", account: "email:x" }).map((b) => b.key)).toEqual([
      "login:addr:203.0.113.7",
      "login:acct:email:x",
    ]);
    expect(bucketsFor("refresh", policies.refresh, { address: null, account: "user:u" })).toEqual([]);
  });

  it("makes login, registration and second factor stricter than general", () => {
    for (const name of ["login", "register", "second-factor"] as const) {
      expect(policies[name].address!.burst).toBeLessThan(policies.general.address!.burst);
      expect(policies[name].address!.perSecond).toBeLessThan(policies.general.address!.perSecond);
    }
  });
});

describe("retryAfterResponseMeta", () => {
  it("sets Retry-After to the longest wait among refused calls and nothing otherwise", () => {
    const refused = (s: number) => new TRPCError({ code: "TOO_MANY_REQUESTS", cause: new RateLimitExceededError("login", s) });
    expect(retryAfterResponseMeta({ errors: [refused(3), new TRPCError({ code: "NOT_FOUND" }), refused(12)] })).toEqual({ headers: { "retry-after": "12" } });
    expect(retryAfterResponseMeta({ errors: [new TRPCError({ code: "NOT_FOUND" })] })).toEqual({});
  });

  it("also sets it for a SERVICE_UNAVAILABLE refusal that says when to come back (a busy checkout), and only then", () => {
    const busy = new TRPCError({ code: "SERVICE_UNAVAILABLE", cause: new CheckoutBusyError(20, 10) });
    expect(retryAfterResponseMeta({ errors: [busy] })).toEqual({ headers: { "retry-after": "10" } });
    expect(retryAfterSecondsOf(new ServiceUnavailableError("database", { retryAfterSeconds: 0.4 }))).toBe(1);
    // Without a usable delay, or on another code, nothing is promised.
    expect(retryAfterSecondsOf(new ServiceUnavailableError("search"))).toBeNull();
    expect(retryAfterSecondsOf(new DomainError("CONFLICT", "taken", { retryAfterSeconds: 5 }))).toBeNull();
    expect(retryAfterSecondsOf(new ServiceUnavailableError("search", { retryAfterSeconds: "soon" }))).toBeNull();
  });
});
