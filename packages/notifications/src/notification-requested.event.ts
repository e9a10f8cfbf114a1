import { defineEvent, type Envelope } from "@bazaar/events";
import { z } from "zod";

// The contract lives here until packages/events registers it: its registry is a static list, so the
// consumer runner only parses types in that list. To register, move this file to
// packages/events/src/contracts/notifications.event.ts (import defineEvent from "./contract"), add it to
// `eventContracts`, and re-export it here (see this package's README).

/**
 * Any service asks for a notification by emitting this in the transaction that made it necessary
 * (e.g. a seller's onboarding completing); the notifications consumer renders and sends it. The
 * template's data is checked by the notifications package, not here, so the envelope stays stable while
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

export type NotificationRequestedPayload = z.output<typeof notificationRequestedV1.payload>;

/** The parsed event, as the consumer runner hands it to a handler. */
export type NotificationRequestedEvent = Omit<Envelope, "type" | "version" | "payload"> & {
  type: typeof notificationRequestedV1.type;
  version: typeof notificationRequestedV1.version;
  payload: NotificationRequestedPayload;
};
