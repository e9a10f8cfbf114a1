import { z } from "zod";
import { defineEvent } from "./contract";

/**
 * An operator sent dead letters back to their topic (ops console or the `dlq` CLI). Only the audit log
 * consumes it, so it is an audit-domain event on `audit.events`; the aggregate is the DLQ topic.
 */
export const deadLettersReplayedV1 = defineEvent({
  type: "audit.dead-letters.replayed",
  version: 1,
  topic: "audit.events",
  aggregateType: "dead-letter-queue",
  payload: z.object({
    topic: z.string().min(1).max(249),
    dlqTopic: z.string().min(1).max(249),
    eventIds: z.array(z.uuid()).max(10_000),
    actorId: z.string().min(1).max(200),
  }),
});
