import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFromHeaders, injectTraceHeaders, startTelemetry, withSpan, type Telemetry } from "./telemetry";

describe("trace context through message headers", () => {
  let telemetry: Telemetry;
  beforeAll(() => {
    telemetry = startTelemetry({ serviceName: "telemetry-test" });
  });
  afterAll(() => telemetry.shutdown());

  it("continues the producer's trace in the consumer, with Buffer header values", async () => {
    const { headers, traceId } = await withSpan("produce", {}, (span) => ({
      headers: injectTraceHeaders(),
      traceId: span.spanContext().traceId,
    }));
    expect(headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    const kafkaHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
    const consumed = await withSpan("consume", {}, (span) => span.spanContext().traceId, contextFromHeaders(kafkaHeaders));
    expect(consumed).toBe(traceId);
  });

  it("starts a fresh trace when headers carry none", async () => {
    const traceId = await withSpan("consume", {}, (span) => span.spanContext().traceId, contextFromHeaders({}));
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(injectTraceHeaders()).toEqual({});
  });

  it("records a thrown error and rethrows it", async () => {
    await expect(withSpan("fails", {}, () => Promise.reject(new Error("nope")))).rejects.toThrow("nope");
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it("returns the same handle when started twice", () => {
    expect(startTelemetry({ serviceName: "other" })).toBe(telemetry);
  });
});
