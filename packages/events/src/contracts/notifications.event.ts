import { z } from "zod";
import { defineEvent } from "./contract";

/**
 * Any service asks for a notification by emitting this in the transaction that made it necessary
 * (e.g. a seller's onboarding completing); the notifications consumer (packages/notifications) renders
 * and sends it. The template's data is checked there, not here, so the envelope stays stable while
 * templates evolve. Emit with aggregateId = idempotencyKey so one notification's events share a partition.
 */
export const notificationRequestedV1 = defineEvent({
  type: "notifications.notification.requested",
  version: 1,
  topic: "notifications.events",
  aggregateType: "notification",
  payload: z.object({
    channel: z.enum(["EMAIL", "SMS"]),
    template: z.string().min(1).max(100),
    /** An email address for EMAIL, an E.164 number for SMS. */
    to: z.string().min(3).max(320),
    data: z.record(z.string(), z.unknown()),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
      .optional(),
    /** Default: the event id, so a redelivered or replayed event never sends twice. */
    idempotencyKey: z.string().min(1).max(200).optional(),
  }),
});
