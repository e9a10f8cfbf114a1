import { lowStockRecipients } from "@bazaar/api/inventory";
import { createConsumer, type ConsumerObserver } from "@bazaar/events";
import { requestEmails } from "../notifications/request-emails";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { inventoryWorkersEnv } from "./env";

export const LOW_STOCK_NOTIFIER = "low-stock-notifier";

export interface LowStockNotifierOptions {
  observer?: ConsumerObserver;
  /** Where the mail's button points. Default: ADMIN_URL's /inventory page. */
  inventoryUrl?: string;
}

/**
 * `inventory.stock.low` → one `notifications.notification.requested` (template `low-stock`) per OWNER
 * and ADMIN of the seller, through the outbox in the consumer's transaction; the notifications worker
 * sends them. The inbox makes a redelivered alert request nothing twice, and each request's
 * idempotency key (alert × recipient) makes the send itself once-only.
 */
export function createLowStockNotifierWorker(deps: WorkerDeps, options: LowStockNotifierOptions = {}): Worker {
  const inventoryUrl = options.inventoryUrl ?? new URL("/inventory", inventoryWorkersEnv().ADMIN_URL).toString();
  const consumer = createConsumer({
    groupId: `${deps.naming.prefix}${LOW_STOCK_NOTIFIER}`,
    db: deps.db,
    kafka: deps.kafka,
    naming: deps.naming,
    logger: deps.logger.child({ worker: LOW_STOCK_NOTIFIER }),
    ...(options.observer ? { observer: options.observer } : {}),
    subscriptions: {
      "inventory.stock.low": async (event, ctx) => {
        const mails = await lowStockRecipients(ctx.tx, event);
        await requestEmails(ctx.tx, event, mails.map((mail) => ({ template: "low-stock", to: mail.to, data: { ...mail.data, inventoryUrl }, idempotencyKey: mail.idempotencyKey })));
      },
    },
  });
  return consumerWorker(LOW_STOCK_NOTIFIER, consumer);
}

export const lowStockNotifierWorker: WorkerDefinition = {
  name: LOW_STOCK_NOTIFIER,
  description: "inventory: turns inventory.stock.low into low-stock emails to the seller's owners and admins",
  create: (deps) => createLowStockNotifierWorker(deps),
};
