import { captureAtFulfilment, orderStatusUrl, paymentsGateway, settleCancelledOrder, resumeDueSagas, runSaga, type SagaDeps } from "@bazaar/api/checkout";
import type { Tx } from "@bazaar/db";
import { createConsumer, type ConsumerObserver } from "@bazaar/events";
import { metrics } from "@bazaar/observability";
import { paymentsEnv, providersFromEnv } from "@bazaar/payments";
import { workersEnv } from "../env";
import { storefrontLinks } from "./storefront-links";
import { consumerWorker, periodicWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";

export const CHECKOUT_SAGA = "checkout-saga";
export const CHECKOUT_SAGA_RESUMER = "checkout-saga-resumer";

const outcomes = metrics.counter({ name: "checkout_saga_runs_total", help: "Saga runs by the state they left the saga in", labelNames: ["state"] as const });

/**
 * The hosted payment page's way back: the storefront's order status page with its signed token. Without
 * an order-link secret the page shows no link back; the confirmation mail has one.
 */
function storefrontReturnUrl(): SagaDeps["returnUrl"] {
  const { origin, secret } = storefrontLinks();
  return secret ? (groupId) => orderStatusUrl(origin, groupId, secret) : undefined;
}

/**
 * Sagas of one batch run side by side, `limit` at a time: one after another, a partition moved one
 * checkout per chain of transactions and two provider calls, and the partitions a process consumes at
 * once could not keep up with checkout (bench/checkout, docs/decisions/0024 and 0027). Safe: each
 * saga's own row serialises its steps, and a batch that throws is retried event by event.
 */
async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}


export function sagaDepsFromEnv(deps: WorkerDeps): SagaDeps {
  const returnUrl = storefrontReturnUrl();
  const env = paymentsEnv();
  return { db: deps.db, payments: paymentsGateway({ db: deps.db, providers: providersFromEnv(env) }, env.PAYMENTS_PROVIDER), ...(returnUrl ? { returnUrl } : {}) };
}

/**
 * Drives checkout sagas from Kafka: `orders.order-group.placed` starts one, and a payment's
 * `authorized` / `failed` / `voided` event wakes the saga waiting for it, and a fulfilled order captures
 * a payment its sellers asked to capture at fulfilment; a cancelled paid order gets its share refunded. The saga's own row decides
 * what happens (saga-runner.ts), so a redelivered or reordered event only re-runs an idempotent step.
 */
export function createCheckoutSagaWorker(deps: WorkerDeps, options: { saga?: SagaDeps; observer?: ConsumerObserver; concurrency?: number; partitions?: number } = {}): Worker {
  const saga = options.saga ?? sagaDepsFromEnv(deps);
  const env = workersEnv();
  const limit = options.concurrency ?? env.CHECKOUT_SAGA_CONCURRENCY;
  const run = async (sagaId: string) => outcomes.inc({ state: await runSaga(saga, sagaId) });
  // A payment event can only move a saga still at its payment: waiting for the shopper, or at AUTHORIZE
  // when the webhook overtook the provider's answer. Later steps belong to their runner (the resumer if it
  // died), and most authorized events find the saga confirmed already by the runner that authorized
  // (docs/decisions/0027): looked up in the inbox's transaction, those cost nothing more.
  const waiting = (tx: Tx, orderGroupRefs: string[]) =>
    tx.checkoutSaga.findMany({ where: { groupId: { in: orderGroupRefs }, state: "RUNNING", step: { in: ["AUTHORIZE", "AWAIT_PAYMENT"] } }, select: { id: true } });
  const wake = async (tx: Tx, orderGroupRefs: string[]) => {
    for (const { id } of await waiting(tx, orderGroupRefs)) await run(id);
  };
  const consumer = createConsumer({
    groupId: `${deps.naming.prefix}${CHECKOUT_SAGA}`,
    db: deps.db,
    kafka: deps.kafka,
    naming: deps.naming,
    logger: deps.logger.child({ worker: CHECKOUT_SAGA }),
    ...(options.observer ? { observer: options.observer } : {}),
    // orders.events and payments.events have six partitions each: one process can work on all of them.
    partitionsConsumedConcurrently: options.partitions ?? env.CHECKOUT_SAGA_PARTITIONS,
    subscriptions: {
      "orders.order-group.placed": { batch: (events) => inParallel(events, limit, (event) => run(event.payload.sagaId)) },
      "payments.payment.authorized": {
        batch: async (events, ctx) => inParallel(await waiting(ctx.tx, events.map((e) => e.payload.orderGroupRef)), limit, ({ id }) => run(id)),
      },
      "payments.payment.failed": (event, ctx) => wake(ctx.tx, [event.payload.orderGroupRef]),
      "payments.payment.voided": (event, ctx) => wake(ctx.tx, [event.payload.orderGroupRef]),
      "orders.order.fulfilled": async (event) => {
        await captureAtFulfilment(saga, event.payload.groupId);
      },
      "orders.order.cancelled": async (event) => {
        await settleCancelledOrder(saga, event.payload.groupId, event.payload.orderId, event.payload.amount);
      },
    },
  });
  return consumerWorker(CHECKOUT_SAGA, consumer);
}

/**
 * The periodic resumer: sagas past their deadline (a dead runner, a failed step backing off, a payment
 * that never answered) are claimed with SKIP LOCKED and run. Safe in every workers process.
 */
export function createCheckoutSagaResumer(deps: WorkerDeps, options: { saga?: SagaDeps; intervalMs?: number } = {}): Worker {
  const saga = options.saga ?? sagaDepsFromEnv(deps);
  const intervalMs = options.intervalMs ?? 1_000;
  const logger = deps.logger.child({ worker: CHECKOUT_SAGA_RESUMER });
  return periodicWorker({
    name: CHECKOUT_SAGA_RESUMER,
    label: "saga resumer",
    intervalMs,
    logger,
    async pass() {
      const n = await resumeDueSagas(saga);
      if (n > 0) logger.info("sagas resumed", { count: n });
    },
  });
}

export const checkoutSagaWorker: WorkerDefinition = {
  name: CHECKOUT_SAGA,
  description: "checkout: runs each order group's saga (reserve → authorize → confirm → capture, or compensate) on orders and payments events",
  create: (deps) => createCheckoutSagaWorker(deps),
};

export const checkoutSagaResumerWorker: WorkerDefinition = {
  name: CHECKOUT_SAGA_RESUMER,
  description: "checkout: resumes sagas past their deadline (dead runner, failed step, payment timeout); SKIP LOCKED, safe to run anywhere",
  create: (deps) => createCheckoutSagaResumer(deps),
};
