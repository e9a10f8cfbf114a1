import { ConflictError, DomainError } from "../errors";

export class PaymentStateError extends ConflictError {
  constructor(paymentId: string, status: string, action: string) {
    super(`payment is ${status}; it cannot be ${action}`, { paymentId, status, reason: "payment-state" });
    this.name = "PaymentStateError";
  }
}

export class PaymentIdempotencyError extends ConflictError {
  constructor(idempotencyKey: string) {
    super("this idempotency key was used for another payment", { idempotencyKey, reason: "idempotency-key-reused" });
    this.name = "PaymentIdempotencyError";
  }
}

export class ProviderNotConfiguredError extends DomainError {
  constructor(provider: string) {
    super("PRECONDITION_FAILED", `payment provider ${provider} is not configured`, { provider, reason: "provider-not-configured" });
    this.name = "ProviderNotConfiguredError";
  }
}

/** The provider refused the request itself (not the card): bad parameters, amount too large. */
export class ProviderRefusedError extends DomainError {
  constructor(provider: string, code: string, message: string) {
    super("UNPROCESSABLE_CONTENT", message, { provider, providerCode: code, reason: "provider-refused" });
    this.name = "ProviderRefusedError";
  }
}
