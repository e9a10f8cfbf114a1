import { register } from "node:module";
import {
  ROOT_CONTEXT,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
} from "@opentelemetry/api";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { IORedisInstrumentation } from "@opentelemetry/instrumentation-ioredis";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace";
import { observabilityEnv } from "./env";
import { memoizeRequiresFrom } from "./require-memo";

// One propagator for HTTP (through the SDK) and Kafka headers (through the helpers below), used directly
// by the helpers so that trace context is carried even in a process that never started the SDK.
const propagator = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});

export interface Telemetry {
  shutdown(): Promise<void>;
}

export interface StartTelemetryOptions {
  serviceName: string;
  /** Overrides OTEL_EXPORTER_OTLP_ENDPOINT; spans are exported only when one of them is set. */
  otlpEndpoint?: string;
  /**
   * Register the import-in-the-middle loader hook so ESM imports of pg/ioredis/http are patched too.
   * Only effective when called before those modules are imported (from a `--import` preload).
   */
  esmHooks?: boolean;
}

let active: Telemetry | undefined;

const ESM_INSTRUMENTED = ["http", "https", "pg", "ioredis"];

/**
 * Starts the OpenTelemetry NodeSDK once per process; later calls return the same handle, so a preload
 * (`--import ./src/instrument.ts`) and the entry point can both call it.
 */
export function startTelemetry(options: StartTelemetryOptions): Telemetry {
  if (active) return active;
  // Only the modules our instrumentations patch: wrapping every ESM module (our own TypeScript included)
  // costs start-up time and warns on files it cannot wrap.
  if (options.esmHooks) {
    register("@opentelemetry/instrumentation/hook.mjs", import.meta.url, { data: { include: ESM_INSTRUMENTED } });
  }

  const endpoint = options.otlpEndpoint ?? observabilityEnv().OTEL_EXPORTER_OTLP_ENDPOINT;
  // Without an exporter the SDK would register no tracer provider at all and every span would be a
  // non-recording no-op with an all-zero trace id; a no-op processor keeps real ids flowing into logs.
  const spanProcessor: SpanProcessor = endpoint
    ? new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/traces` }) })
    : new NoopSpanProcessor();

  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    textMapPropagator: propagator,
    spanProcessors: [spanProcessor],
    // Metrics go through prom-client and logs through winston; empty lists stop the SDK from
    // configuring OTLP metric/log exporters from the environment.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => isOpsPath(req.url) }),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  // Above the SDK's require hook: kafkajs's per-request requires answered from a memo (require-memo.ts).
  memoizeRequiresFrom(["kafkajs"]);

  const handle: Telemetry = {
    async shutdown() {
      if (active !== handle) return;
      active = undefined;
      await sdk.shutdown();
    },
  };
  active = handle;
  return handle;
}

function isOpsPath(url: string | undefined): boolean {
  return url === "/health" || url === "/ready" || url === "/metrics";
}

export function tracer(name = "bazaar") {
  return trace.getTracer(name);
}

/**
 * Runs `fn` inside a new active span, recording a thrown error on the span before rethrowing it.
 * `parent` lets a consumer continue a trace extracted from message headers.
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T> | T,
  parent: Context = context.active(),
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      if (error instanceof Error) span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active trace context as W3C headers (`traceparent`, `tracestate`, `baggage`) for a Kafka message. */
export function injectTraceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, {
    set: (c, key, value) => {
      c[key] = value;
    },
  });
  return carrier;
}

export type HeaderValue = Buffer | string | ReadonlyArray<Buffer | string> | undefined;
export type MessageHeaders = Readonly<Record<string, HeaderValue>>;

const headerGetter: TextMapGetter<MessageHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key] ?? carrier[Object.keys(carrier).find((k) => k.toLowerCase() === key) ?? ""];
    if (value === undefined || typeof value === "string") return value;
    if (Buffer.isBuffer(value)) return value.toString("utf8");
    return value.map((v) => v.toString());
  },
};

/** The context carried by Kafka (or HTTP) headers, to be passed as `parent` to `withSpan`. */
export function contextFromHeaders(headers: MessageHeaders | undefined, base: Context = ROOT_CONTEXT): Context {
  if (!headers) return base;
  return propagator.extract(base, headers, headerGetter);
}
