import { auditLogWorker } from "./audit/audit-log.consumer";
import { checkoutSagaResumerWorker, checkoutSagaWorker } from "./checkout/checkout-saga.worker";
import { orderRefundsResumerWorker, orderRefundsWorker } from "./checkout/order-refunds.worker";
import { lowStockNotifierWorker } from "./inventory/low-stock-notifier.consumer";
import { reservationSweeperWorker } from "./inventory/reservation-sweeper.worker";
import { membershipLinkerWorker } from "./onboarding/membership-linker.consumer";
import { onboardingNotifierWorker } from "./onboarding/onboarding-notifier.consumer";
import { tenantProvisionerWorker } from "./onboarding/tenant-provisioner.consumer";
import { userRollbackWorker } from "./onboarding/user-rollback.consumer";
import { notificationsWorker } from "./notifications/notifications.worker";
import { outboxRelayWorker } from "./outbox-relay/outbox-relay.worker";
import { stockAvailabilityWorker } from "./inventory/stock-availability.consumer";
import { retentionWorker } from "./retention/retention.worker";
import { ratingsProjectionWorker } from "./reviews/ratings-projection.consumer";
import { reviewNotifierWorker } from "./reviews/review-notifier.consumer";
import { productDetailProjectionWorker } from "./search/product-detail.consumer";
import { searchProjectionWorker } from "./search/search-projection.consumer";
import type { WorkerDefinition } from "./worker";

/** Every worker a `workers` process can host, by the name WORKERS lists. */
export const workerRegistry = {
  "outbox-relay": outboxRelayWorker,
  "audit-log": auditLogWorker,
  "tenant-provisioner": tenantProvisionerWorker,
  "membership-linker": membershipLinkerWorker,
  "onboarding-notifier": onboardingNotifierWorker,
  "user-rollback": userRollbackWorker,
  notifications: notificationsWorker,
  "reservation-sweeper": reservationSweeperWorker,
  "low-stock-notifier": lowStockNotifierWorker,
  "stock-availability": stockAvailabilityWorker,
  "checkout-saga": checkoutSagaWorker,
  "checkout-saga-resumer": checkoutSagaResumerWorker,
  "order-refunds": orderRefundsWorker,
  "order-refunds-resumer": orderRefundsResumerWorker,
  retention: retentionWorker,
  "search-projection": searchProjectionWorker,
  "product-detail-projection": productDetailProjectionWorker,
  "ratings-projection": ratingsProjectionWorker,
  "review-notifier": reviewNotifierWorker,
} as const satisfies Record<string, WorkerDefinition>;

export type WorkerName = keyof typeof workerRegistry;

export class UnknownWorkerError extends Error {
  constructor(readonly names: string[]) {
    super(`unknown worker(s) ${names.join(", ")}; known: ${Object.keys(workerRegistry).join(", ")}`);
    this.name = "UnknownWorkerError";
  }
}

/** The definitions for `names`, in order; refuses an empty list or any unknown name before anything starts. */
export function resolveWorkers(names: readonly string[]): WorkerDefinition[] {
  // `all` hosts every worker in one process: the local one-command platform runs this way.
  if (names.length === 1 && names[0] === "all") return Object.values(workerRegistry);
  if (names.length === 0) throw new Error(`WORKERS is empty; known: ${Object.keys(workerRegistry).join(", ")}`);
  const unknown = names.filter((n) => !(n in workerRegistry));
  if (unknown.length > 0) throw new UnknownWorkerError(unknown);
  return [...new Set(names)].map((n) => workerRegistry[n as WorkerName]);
}
