import type { z } from "zod";

export type InvalidEventReason = "malformed-json" | "invalid-envelope" | "unknown-contract" | "invalid-payload";

/** An event that does not satisfy the envelope or its contract. Nothing is written or sent for it. */
export class InvalidEventError extends Error {
  readonly code = "EVENT_INVALID";
  constructor(
    readonly reason: InvalidEventReason,
    message: string,
    readonly issues: z.core.$ZodIssue[] = [],
  ) {
    super(message);
    this.name = "InvalidEventError";
  }
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}
