// One view of a failed API call for forms in both apps: a sentence for the form, the zod issues keyed by
// field, and for TOO_MANY_REQUESTS the seconds to wait. Works with a TRPCClientError from the browser
// client and with the plain object the sign-in flow hands across next-auth (see auth/sign-in-outcome.ts).

export interface ApiErrorView {
  /** tRPC error code, e.g. BAD_REQUEST, UNAUTHORIZED, TOO_MANY_REQUESTS; "UNKNOWN" for anything else. */
  code: string;
  message: string;
  /** First message per input field (the API's zod issues, flattened). */
  fieldErrors: Record<string, string>;
  /** Seconds until a refused call may be retried: rate limited (429), or unavailable for a while (503, e.g. a busy checkout). */
  retryAfter: number | null;
  /** The domain error's details (e.g. the id of the conflicting request), when the API sent any. */
  details?: Record<string, unknown>;
}

interface ErrorDataLike {
  code?: unknown;
  zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null;
  retryAfter?: unknown;
  details?: unknown;
}

/** "45 seconds", "3 minutes": how long to wait, rounded up so the retry is not refused again. */
export function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function firstFieldErrors(fieldErrors: Record<string, string[] | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
    if (messages?.[0]) out[field] = messages[0];
  }
  return out;
}

export function tooManyRequestsMessage(retryAfter: number | null): string {
  return retryAfter ? `Too many attempts. Try again in ${formatWait(retryAfter)}.` : "Too many attempts. Try again shortly.";
}

/** Reads a TRPCClientError (or anything else thrown) into an ApiErrorView. */
export function apiErrorOf(error: unknown): ApiErrorView {
  if (!(error instanceof Error)) return { code: "UNKNOWN", message: "Something went wrong. Please try again.", fieldErrors: {}, retryAfter: null };
  const data = (error as Error & { data?: ErrorDataLike | null }).data ?? null;
  const code = typeof data?.code === "string" ? data.code : "UNKNOWN";
  const retryAfter = typeof data?.retryAfter === "number" ? data.retryAfter : null;
  const fieldErrors = firstFieldErrors(data?.zodError?.fieldErrors);
  if (code === "TOO_MANY_REQUESTS") return { code, message: tooManyRequestsMessage(retryAfter), fieldErrors, retryAfter };
  if (data?.zodError) {
    const form = data.zodError.formErrors?.[0];
    return { code, message: form ?? "Please correct the highlighted fields.", fieldErrors, retryAfter };
  }
  // Domain refusals carry a sentence written for people ("invalid email or password"); a fetch failure
  // or an internal error does not.
  const message = code === "UNKNOWN" ? "Could not reach the server. Check your connection and try again." : code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on our side. Please try again." : capitalise(error.message);
  const details = data?.details && typeof data.details === "object" ? (data.details as Record<string, unknown>) : undefined;
  return { code, message, fieldErrors, retryAfter, ...(details ? { details } : {}) };
}

function capitalise(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "Something went wrong. Please try again.";
  const sentence = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
