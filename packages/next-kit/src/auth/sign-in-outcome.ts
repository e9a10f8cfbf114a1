import type { ApiErrorView } from "../ui/api-error";
import type { SecondFactorMethod } from "./auth-types";

// next-auth's credentials flow can only say "signed in" or fail with a string (the thrown Error's
// message, which reaches the browser as `signIn(...).error`). The two-step sign-in needs more than
// that, so authorize() throws one of these, JSON-encoded, and the sign-in form decodes it.

export interface SecondFactorChallenge {
  kind: "second-factor";
  challengeId: string;
  methods: SecondFactorMethod[];
  /** ISO-8601: the password step has to be repeated after this. */
  expiresAt: string;
}

export interface SignInRefusal extends ApiErrorView {
  kind: "error";
}

export type SignInOutcome = SecondFactorChallenge | SignInRefusal;

export function encodeSignInOutcome(outcome: SignInOutcome): string {
  return JSON.stringify(outcome);
}

const METHODS: readonly SecondFactorMethod[] = ["totp", "email", "sms", "recovery"];

export function decodeSignInOutcome(raw: string | null | undefined): SignInOutcome {
  try {
    const parsed = JSON.parse(raw ?? "") as Partial<SecondFactorChallenge> & Partial<SignInRefusal>;
    if (parsed.kind === "second-factor" && typeof parsed.challengeId === "string" && Array.isArray(parsed.methods)) {
      return {
        kind: "second-factor",
        challengeId: parsed.challengeId,
        methods: parsed.methods.filter((m): m is SecondFactorMethod => METHODS.includes(m)),
        expiresAt: String(parsed.expiresAt ?? ""),
      };
    }
    if (parsed.kind === "error" && typeof parsed.message === "string") {
      return {
        kind: "error",
        code: String(parsed.code ?? "UNKNOWN"),
        message: parsed.message,
        fieldErrors: parsed.fieldErrors ?? {},
        retryAfter: typeof parsed.retryAfter === "number" ? parsed.retryAfter : null,
      };
    }
  } catch {
    // Not ours: next-auth's own codes (CredentialsSignin, ...) fall through to the generic refusal.
  }
  return { kind: "error", code: "UNKNOWN", message: "Sign-in failed. Please try again.", fieldErrors: {}, retryAfter: null };
}
