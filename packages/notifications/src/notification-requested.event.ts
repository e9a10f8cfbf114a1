import { notificationRequestedV1, type EventOf, type PayloadOf } from "@bazaar/events";

// The contract is registered in packages/events (contracts/notifications.event.ts); re-exported here so
// producers can import everything about notifications from one package.
export { notificationRequestedV1 };

export type NotificationRequestedPayload = PayloadOf<"notifications.notification.requested">;

/** The parsed event, as the consumer runner hands it to a handler. */
export type NotificationRequestedEvent = EventOf<"notifications.notification.requested">;
