import { z } from "zod";

export const decideFlagSchema = z.object({
  flagId: z.uuid(),
  decision: z.enum(["clear", "lock"]),
  /** Why: kept with the flag and in the audit log. */
  note: z.string().trim().min(1).max(2_000),
});

export type DecideFlagInput = z.infer<typeof decideFlagSchema>;
