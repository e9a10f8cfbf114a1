import { TRPCError } from "@trpc/server";

/** The TRPCError a call is refused with; fails the test when it succeeds or throws something else. */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${outcome === null ? "success" : String(outcome)}`);
  return outcome;
}

/** `details` of the DomainError behind a refusal (e.g. `reason`), as the error formatter sends it. */
export function refusalDetails(error: TRPCError): Record<string, unknown> | undefined {
  return (error.cause as { details?: Record<string, unknown> } | undefined)?.details;
}
