import { eventTopics } from "@bazaar/events";
import { z } from "zod";
import { text } from "../validation/text.schema";

const logicalTopic = z.enum(eventTopics.map((t) => t.name) as [string, ...string[]]);

export const recentEventsSchema = z.object({
  type: z.string().trim().min(1).max(200).regex(/^[a-z0-9.-]+$/, "an event type such as tenants.plan.changed").optional(),
  aggregateId: text({ max: 200 }).optional(),
  correlationId: text({ max: 200 }).optional(),
  tenantId: z.uuid().optional(),
  /** Outbox position (a bigint) to continue before, from the previous page's `nextCursor`. */
  cursor: z.string().regex(/^[1-9][0-9]{0,17}$/, "a cursor from a previous page").optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const deadLettersSchema = z.object({ topic: logicalTopic, limit: z.number().int().min(1).max(1_000).default(200) });

export const replaySchema = z.object({
  topic: logicalTopic,
  /** The dead letters to send back (their event ids); one or a selection. */
  eventIds: z.array(z.uuid()).min(1).max(500),
});

export type RecentEventsInput = z.infer<typeof recentEventsSchema>;
export type DeadLettersInput = z.infer<typeof deadLettersSchema>;
export type ReplayInput = z.infer<typeof replaySchema>;
