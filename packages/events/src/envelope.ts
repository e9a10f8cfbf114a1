import { z } from "zod";

/** W3C trace-context `traceparent`: version-traceid-parentid-flags, lowercase hex. */
export const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** `<domain>.<entity>.<past-tense>`, lowercase with dashes inside a part (`catalog.product-variant.created`). */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

export const traceContextSchema = z.object({
  traceparent: z.string().regex(TRACEPARENT_PATTERN, "not a W3C traceparent"),
  tracestate: z.string().optional(),
});

/**
 * The shared envelope every event travels in. The payload is typed per contract
 * (`contracts/*.event.ts`); this schema only checks the metadata every consumer relies on.
 */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(EVENT_TYPE_PATTERN, "event type must be <domain>.<entity>.<past-tense>"),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  tenantId: z.uuid().nullable(),
  aggregate: z.object({ type: z.string().min(1), id: z.string().min(1) }),
  /** The id shared by every event of one business flow (e.g. one checkout), for tracing across sagas. */
  correlationId: z.string().min(1),
  /** The id of the event (or request) that directly caused this one; null for a flow's first event. */
  causationId: z.string().min(1).nullable(),
  trace: traceContextSchema,
  payload: z.unknown(),
});

export type Envelope = z.infer<typeof envelopeSchema>;
export type TraceContext = z.infer<typeof traceContextSchema>;
