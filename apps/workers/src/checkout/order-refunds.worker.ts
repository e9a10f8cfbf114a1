import { executeRefund, paymentsGateway, resumeDueRefunds, type RefundDeps } from "@bazaar/api/checkout";
import { createConsumer, type ConsumerObserver } from "@bazaar/events";
import { paymentsEnv, providersFromEnv } from "@bazaar/payments";
import { consumerWorker, periodicWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";

export const ORDER_REFUNDS = "order-refunds";
export const ORDER_REFUNDS_RESUMER = "order-refunds-resumer";

// Sellers' refunds after checkout (docs/decisions/0021): the refund row and `orders.order.refunded`
// were committed together; this worker asks the provider, keyed by the refund's id, and the resumer
// takes over refunds left PENDING (a worker SIGKILLed mid-call, a provider outage).

export function refundDepsFromEnv(deps: WorkerDeps): RefundDeps {
  return { db: deps.db, payments: paymentsGateway({ db: deps.db, providers: providersFromEnv(paymentsEnv()) }, "sandbox") };
}

export function createOrderRefundsWorker(deps: WorkerDeps, options: { refunds?: RefundDeps; observer?: ConsumerObserver } = {}): Worker {
  const refunds = options.refunds ?? refundDepsFromEnv(deps);
  const consumer = createConsumer({
    groupId: `${deps.naming.prefix}${ORDER_REFUNDS}`,
    db: deps.db,
    kafka: deps.kafka,
    naming: deps.naming,
    logger: deps.logger.child({ worker: ORDER_REFUNDS }),
    ...(options.observer ? { observer: options.observer } : {}),
    subscriptions: {
      "orders.order.refunded": async (event) => {
        await executeRefund(refunds, event.payload.refundId);
      },
    },
  });
  return consumerWorker(ORDER_REFUNDS, consumer);
}

export function createOrderRefundsResumer(deps: WorkerDeps, options: { refunds?: RefundDeps; intervalMs?: number } = {}): Worker {
  const refunds = options.refunds ?? refundDepsFromEnv(deps);
  const logger = deps.logger.child({ worker: ORDER_REFUNDS_RESUMER });
  return periodicWorker({
    name: ORDER_REFUNDS_RESUMER,
    label: "refund resumer",
    intervalMs: options.intervalMs ?? 1_000,
    logger,
    async pass() {
      const n = await resumeDueRefunds(refunds);
      if (n > 0) logger.info("refunds resumed", { count: n });
    },
  });
}

export const orderRefundsWorker: WorkerDefinition = {
  name: ORDER_REFUNDS,
  description: "checkout: executes each seller refund at the payment provider once (key = refund id) on orders.order.refunded",
  create: (deps) => createOrderRefundsWorker(deps),
};

export const orderRefundsResumerWorker: WorkerDefinition = {
  name: ORDER_REFUNDS_RESUMER,
  description: "checkout: retries seller refunds left PENDING (dead worker, provider outage); SKIP LOCKED, safe to run anywhere",
  create: (deps) => createOrderRefundsResumer(deps),
};
