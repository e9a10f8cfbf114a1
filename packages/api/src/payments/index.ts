// `@bazaar/api/payments`: the payments domain for in-process callers (the checkout saga in apps/workers).
export { authorizePayment, capturePayment, openPayment, getPayment, refundPayment, voidPayment, type PaymentView, type PaymentsDeps, type WithAnswer } from "./payments.service";
export { receiveWebhook, type WebhookResponse } from "./webhook-intake.handler";
export { TRANSITIONS, canApply, targetStatus, type Signal, type PaymentStatus } from "./payment-state-machine";
export { PaymentIdempotencyError, PaymentStateError, ProviderNotConfiguredError, ProviderRefusedError } from "./payments.errors";
