import { z } from "zod";
import { multilineText } from "../validation/text.schema";

export const decideFlagSchema = z.object({
  flagId: z.uuid(),
  decision: z.enum(["clear", "lock"]),
  /** Why: kept with the flag and in the audit log. */
  note: multilineText({ max: 2_000 }),
});

export type DecideFlagInput = z.infer<typeof decideFlagSchema>;
