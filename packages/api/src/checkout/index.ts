// `@bazaar/api/checkout`: the checkout saga for in-process callers (the saga workers in apps/workers).
export { runSaga, resumeDueSagas, captureAtFulfilment, settleCancelledOrder, type SagaDeps } from "./saga-runner";
export { paymentsGateway, gatewayStatus, type PaymentGateway, type GatewayStatus } from "./payment-gateway";
export { ORDER_TRANSITIONS, canTransition, IllegalOrderTransitionError } from "./order-status";
export { executeRefund, resumeDueRefunds, type RefundDeps } from "./refund-execution.service";
export { orderStatusUrl, signOrderLink, verifyOrderLink, OrderLinkUnavailableError } from "./order-link";
export { orderConfirmedMail, orderShippedMail, orderRefundedMail, orderRefundFailedMail, formatAmount, type OrderMail, type OrderMailOptions } from "./order-mail";
