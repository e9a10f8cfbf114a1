import { orderConfirmedMail, orderRefundedMail, orderRefundFailedMail, orderShippedMail, type OrderMail, type OrderMailOptions } from "@bazaar/api/checkout";
import type { Tx } from "@bazaar/db";
import { causedBy, createConsumer, enqueue, type ConsumerObserver, type DomainEvent } from "@bazaar/events";
import { storefrontLinks } from "../checkout/storefront-links";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";

export const ORDER_MAILER = "order-mailer";

export interface OrderMailerOptions {
  observer?: ConsumerObserver;
  links?: OrderMailOptions;
}

/**
 * The shopper's order mails: confirmed (`orders.order-group.confirmed`), shipped with tracking
 * (`orders.order.fulfilled`), money back (`orders.order.refunded`, and `orders.order.cancelled`, which a
 * seller can only do to a paid order), and a refund the provider refused after all (`orders.refund.failed`).
 * Each becomes one `notifications.notification.requested` through
 * the outbox in the consumer's transaction; the inbox drops a redelivered event and the request's
 * idempotency key makes the send itself once-only.
 */
export function createOrderMailerWorker(deps: WorkerDeps, options: OrderMailerOptions = {}): Worker {
  const links = options.links ?? storefrontLinks();
  const request = async (tx: Tx, event: DomainEvent, mail: OrderMail | null) => {
    if (!mail) return;
    await enqueue(tx, {
      type: "notifications.notification.requested",
      version: 1,
      tenantId: event.tenantId,
      aggregateId: mail.idempotencyKey,
      payload: { channel: "EMAIL", template: mail.template, to: mail.to, data: mail.data, idempotencyKey: mail.idempotencyKey },
      ...causedBy(event),
    });
  };
  const consumer = createConsumer({
    groupId: `${deps.naming.prefix}${ORDER_MAILER}`,
    db: deps.db,
    kafka: deps.kafka,
    naming: deps.naming,
    logger: deps.logger.child({ worker: ORDER_MAILER }),
    ...(options.observer ? { observer: options.observer } : {}),
    subscriptions: {
      "orders.order-group.confirmed": async (event, ctx) => request(ctx.tx, event, await orderConfirmedMail(deps.db, links, event.payload)),
      "orders.order.fulfilled": async (event, ctx) => request(ctx.tx, event, await orderShippedMail(deps.db, links, event.payload)),
      "orders.order.refunded": async (event, ctx) => request(ctx.tx, event, await orderRefundedMail(deps.db, links, event.payload)),
      "orders.order.cancelled": async (event, ctx) => request(ctx.tx, event, await orderRefundedMail(deps.db, links, event.payload)),
      "orders.refund.failed": async (event, ctx) => request(ctx.tx, event, await orderRefundFailedMail(deps.db, links, event.payload)),
    },
  });
  return consumerWorker(ORDER_MAILER, consumer);
}

export const orderMailerWorker: WorkerDefinition = {
  name: ORDER_MAILER,
  description: "checkout: the shopper's mails on confirmation, shipment (tracking), refund or cancellation of a paid order, and a refund that failed",
  create: (deps) => createOrderMailerWorker(deps),
};
