import type { Db } from "@bazaar/db";
import {
  createConsumer,
  type BackoffOptions,
  type ConsumerObserver,
  type EventConsumer,
  type HandlerContext,
  type Subscriptions,
  type TopicNaming,
} from "@bazaar/events";
import type { Logger } from "@bazaar/observability";
import type { Kafka } from "kafkajs";
import { notificationRequestedV1, type NotificationRequestedEvent } from "./notification-requested.event";
import type { NotificationService, SendResult } from "./notification.service";

export const NOTIFICATIONS_GROUP = "notifications";

/**
 * Sends the requested notification. The service writes the delivery log in its own transaction, not in
 * the runner's `ctx.tx`: a FAILED row (with its attempt count) must survive the rollback that makes the
 * runner retry. The idempotency key defaults to the event id, so a redelivery after a crash between the
 * send and the inbox commit finds the row SENT and sends nothing.
 */
export function handleNotificationRequested(service: NotificationService) {
  return async (event: NotificationRequestedEvent, _ctx?: HandlerContext): Promise<SendResult> => {
    const p = event.payload;
    return service.sendUntyped({
      tenantId: event.tenantId,
      channel: p.channel,
      template: p.template,
      to: p.to,
      data: p.data,
      locale: p.locale,
      idempotencyKey: p.idempotencyKey ?? event.id,
    });
  };
}

export interface NotificationsConsumerOptions {
  db: Db;
  service: NotificationService;
  /** Physical topic naming (KAFKA_TOPIC_PREFIX); the group id carries the same prefix. */
  naming: TopicNaming;
  kafka?: Kafka;
  logger?: Logger;
  observer?: ConsumerObserver;
  /** Attempts before `notifications.events.dlq`. Default 5. */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
}

/**
 * The `notifications` consumer group: `notifications.notification.requested` → NotificationService.
 * Failures (SMTP down, provider error, bad template data) are retried with the runner's backoff and
 * then dead-lettered to `notifications.events.dlq`, from where `replayDlq` sends them again.
 */
export function createNotificationsConsumer(options: NotificationsConsumerOptions): EventConsumer {
  const handler = handleNotificationRequested(options.service);
  const subscriptions: Subscriptions = {
    [notificationRequestedV1.type]: async (event: NotificationRequestedEvent, ctx: HandlerContext) => {
      await handler(event, ctx);
    },
  };
  return createConsumer({
    groupId: `${options.naming.prefix}${NOTIFICATIONS_GROUP}`,
    subscriptions,
    db: options.db,
    naming: options.naming,
    // One notification per transaction: each waits on an outside provider, and one failing send must not
    // hold back or roll back its neighbours' inbox rows.
    maxEventsPerTransaction: 1,
    // The runner's transaction stays open while the provider is called (SMTP phases time out at
    // SMTP_TIMEOUT_MS each); keep under the server's 60 s idle-in-transaction limit.
    transactionTimeoutMs: 55_000,
    ...(options.kafka ? { kafka: options.kafka } : {}),
    ...(options.logger ? { logger: options.logger.child({ worker: NOTIFICATIONS_GROUP }) } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
}
