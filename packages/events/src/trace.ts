import { randomBytes } from "node:crypto";
import { injectTraceHeaders } from "@bazaar/observability";
import { TRACEPARENT_PATTERN, type TraceContext } from "./envelope";

const INVALID_TRACE_ID = "0".repeat(32);

/**
 * The active span's W3C context, or a fresh root when there is none (a script, a test), so every
 * envelope can be joined to the spans its consumers create.
 */
export function currentTraceContext(): TraceContext {
  const headers = injectTraceHeaders();
  const traceparent = headers.traceparent;
  if (traceparent && TRACEPARENT_PATTERN.test(traceparent) && traceparent.split("-")[1] !== INVALID_TRACE_ID) {
    return headers.tracestate ? { traceparent, tracestate: headers.tracestate } : { traceparent };
  }
  return { traceparent: `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01` };
}

/** Kafka headers carrying an envelope's trace context, read back by `contextFromHeaders`. */
export function traceHeaders(trace: TraceContext): Record<string, string> {
  return trace.tracestate ? { traceparent: trace.traceparent, tracestate: trace.tracestate } : { traceparent: trace.traceparent };
}
