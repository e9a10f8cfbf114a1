import { postCancellation, postCapture, postRefund, postRefundFailure } from "@bazaar/api/ledger";
import type { Tx } from "@bazaar/db";
import { createConsumer, type ConsumerObserver } from "@bazaar/events";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";

export const LEDGER_POSTINGS = "ledger-postings";

/**
 * Posts the seller ledger from the money events (packages/api/src/ledger, decision 0020): a captured
 * payment → one SALE per order it covered; a seller's refund → REFUND; a paid order cancelled after
 * capture → CANCELLATION; a refund the provider refused → REFUND_REVERSAL (decision 0028). Each posting is written in the inbox's transaction (a redelivery is dropped
 * there) and carries its own unique source key (a replay under a new event id still posts once).
 * `payments.payment.refunded` is not posted: the orders' refund and cancellation events say which
 * seller gave the money back, which the payment does not know.
 */
/**
 * The runner scopes its transaction to the event's tenant, but a posting also writes the platform's
 * accounts (clearing, commission), which no tenant context may see: widen this transaction to platform
 * context, as asPlatform would, for every handler of this consumer (the inbox claim is the same row).
 */
async function platform(tx: Tx): Promise<Tx> {
  await tx.$executeRaw`SELECT set_config('app.platform', 'on', true), set_config('app.tenant_id', '', true)`;
  return tx;
}

export function createLedgerPostingsWorker(deps: WorkerDeps, options: { observer?: ConsumerObserver } = {}): Worker {
  const consumer = createConsumer({
    groupId: `${deps.naming.prefix}${LEDGER_POSTINGS}`,
    db: deps.db,
    kafka: deps.kafka,
    naming: deps.naming,
    logger: deps.logger.child({ worker: LEDGER_POSTINGS }),
    ...(options.observer ? { observer: options.observer } : {}),
    subscriptions: {
      "payments.payment.captured": async (event, ctx) => {
        await postCapture(await platform(ctx.tx), event.payload);
      },
      "orders.order.refunded": async (event, ctx) => {
        await postRefund(await platform(ctx.tx), event.payload);
      },
      "orders.order.cancelled": async (event, ctx) => {
        await postCancellation(await platform(ctx.tx), event.payload);
      },
      "orders.refund.failed": async (event, ctx) => {
        await postRefundFailure(await platform(ctx.tx), event.payload);
      },
    },
  });
  return consumerWorker(LEDGER_POSTINGS, consumer);
}

export const ledgerPostingsWorker: WorkerDefinition = {
  name: LEDGER_POSTINGS,
  description: "ledger: posts sales, refunds and cancellations to the double-entry seller ledger from payments and orders events",
  create: (deps) => createLedgerPostingsWorker(deps),
};
