import type { z } from "zod";

export type NotificationErrorCode =
  | "NOTIFICATION_UNKNOWN_TEMPLATE"
  | "NOTIFICATION_CHANNEL_UNSUPPORTED"
  | "NOTIFICATION_TEMPLATE_DATA_INVALID"
  | "NOTIFICATION_RECIPIENT_INVALID"
  | "NOTIFICATION_REQUEST_INVALID"
  | "NOTIFICATION_IDEMPOTENCY_CONFLICT"
  | "NOTIFICATION_DELIVERY_FAILED"
  | "NOTIFICATION_TEMPLATES_INCOMPLETE";

/** Base of every error this package throws; `code` is stable, for API error mapping and DLQ triage. */
export abstract class NotificationError extends Error {
  abstract readonly code: NotificationErrorCode;
  /** False when sending the same request again cannot succeed (bad input, not a provider hiccup). */
  abstract readonly retryable: boolean;
}

export class UnknownTemplateError extends NotificationError {
  readonly code = "NOTIFICATION_UNKNOWN_TEMPLATE";
  readonly retryable = false;
  override name = "UnknownTemplateError";
  constructor(readonly template: string) {
    super(`no notification template named "${template}"`);
  }
}

export class ChannelNotSupportedError extends NotificationError {
  readonly code = "NOTIFICATION_CHANNEL_UNSUPPORTED";
  readonly retryable = false;
  override name = "ChannelNotSupportedError";
  constructor(
    readonly template: string,
    readonly channel: string,
  ) {
    super(`template "${template}" has no ${channel} version`);
  }
}

/**
 * The data does not fill the template: a variable is missing (`missing` names each one) or has the wrong
 * shape. Raised before anything is written or sent, both by a template's schema and by the template
 * engine's strict mode (a template that uses a variable its schema does not declare).
 */
export class TemplateDataError extends NotificationError {
  readonly code = "NOTIFICATION_TEMPLATE_DATA_INVALID";
  readonly retryable = false;
  override name = "TemplateDataError";
  constructor(
    readonly template: string,
    readonly missing: readonly string[],
    readonly issues: readonly z.core.$ZodIssue[] = [],
    detail?: string,
  ) {
    super(
      `template "${template}": ` +
        (missing.length > 0 ? `missing variable(s) ${missing.join(", ")}` : "") +
        (missing.length > 0 && detail ? "; " : "") +
        (detail ?? ""),
    );
  }
}

export class InvalidRecipientError extends NotificationError {
  readonly code = "NOTIFICATION_RECIPIENT_INVALID";
  readonly retryable = false;
  override name = "InvalidRecipientError";
  constructor(
    readonly channel: string,
    readonly recipient: string,
  ) {
    super(channel === "SMS" ? `not an E.164 phone number: "${recipient}"` : `not an email address: "${recipient}"`);
  }
}

/** A field of the request itself (not the template data) is unusable, e.g. an over-long idempotency key. */
export class InvalidNotificationRequestError extends NotificationError {
  readonly code = "NOTIFICATION_REQUEST_INVALID";
  readonly retryable = false;
  override name = "InvalidNotificationRequestError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The idempotency key already names a different notification (other template, channel or recipient). */
export class IdempotencyConflictError extends NotificationError {
  readonly code = "NOTIFICATION_IDEMPOTENCY_CONFLICT";
  readonly retryable = false;
  override name = "IdempotencyConflictError";
  constructor(readonly idempotencyKey: string) {
    super(`idempotency key "${idempotencyKey}" was already used for a different notification`);
  }
}

/** The provider refused or could not be reached. The delivery row says FAILED; the same send retries it. */
export class DeliveryFailedError extends NotificationError {
  readonly code = "NOTIFICATION_DELIVERY_FAILED";
  readonly retryable = true;
  override name = "DeliveryFailedError";
  constructor(
    readonly deliveryId: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(
      `delivery ${deliveryId} failed (attempt ${attempts}): ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`,
      options,
    );
  }
}

/** The template files on disk do not match the catalog (a missing part or an unknown folder). */
export class TemplatesIncompleteError extends NotificationError {
  readonly code = "NOTIFICATION_TEMPLATES_INCOMPLETE";
  readonly retryable = false;
  override name = "TemplatesIncompleteError";
  constructor(readonly problems: readonly string[]) {
    super(`notification templates are incomplete:\n  ${problems.join("\n  ")}`);
  }
}
