import { createConsumer, type ConsumerObserver, type Subscriptions } from "@bazaar/events";
import type { WorkerDeps } from "../worker";

export interface OnboardingWorkerOptions {
  observer?: ConsumerObserver;
  /** Handler attempts before the DLQ (default: the runner's 5). */
  maxAttempts?: number;
}

export interface ConsumerTuning {
  /** Interactive-transaction timeout of the step (default: the runner's 30 s). */
  transactionTimeoutMs?: number;
}

/**
 * The consumer every onboarding step runs on: its own group (prefixed like the topics), one event per
 * transaction so one request's failure never holds back or rolls back another's step.
 */
export function onboardingConsumer(
  name: string,
  deps: WorkerDeps,
  subscriptions: Subscriptions,
  options: OnboardingWorkerOptions,
  tuning: ConsumerTuning = {},
) {
  return createConsumer({
    groupId: `${deps.naming.prefix}${name}`,
    subscriptions,
    db: deps.db,
    kafka: deps.kafka,
    naming: deps.naming,
    logger: deps.logger.child({ worker: name }),
    maxEventsPerTransaction: 1,
    ...(options.observer ? { observer: options.observer } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(tuning.transactionTimeoutMs ? { transactionTimeoutMs: tuning.transactionTimeoutMs } : {}),
  });
}
