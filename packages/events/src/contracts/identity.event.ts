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
