import { z } from "zod";
import { defineEvent } from "./contract";

// TEST-ONLY contracts: used by the events package's integration tests and bench/events. They travel on
// `test.events`, which the `topics` script never provisions; no production code may emit them.

/** `seq` is the event's position within its aggregate, so tests can check per-aggregate order. */
export const pingSentV1 = defineEvent({
  type: "test.ping.sent",
  version: 1,
  topic: "test.events",
  aggregateType: "ping",
  payload: z.object({
    seq: z.number().int().nonnegative(),
    body: z.string().max(10_000).optional(),
  }),
});
