import { PassThrough } from "node:stream";
import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { startTelemetry, withSpan, type Telemetry } from "./telemetry";

function capture() {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { stream, lines };
}

describe("createLogger", () => {
  let telemetry: Telemetry;
  beforeAll(() => {
    telemetry = startTelemetry({ serviceName: "logger-test", otlpEndpoint: undefined });
  });
  afterAll(() => telemetry.shutdown());

  it("writes one JSON object per record with timestamp, level and service", () => {
    const { stream, lines } = capture();
    createLogger("orders", { stream, level: "info" }).info("placed", { orderId: "o-1" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", message: "placed", service: "orders", orderId: "o-1" });
    expect(Date.parse(String(lines[0]?.timestamp))).not.toBeNaN();
    expect(lines[0]).not.toHaveProperty("trace_id");
  });

  it("carries the active span's trace_id and span_id", async () => {
    const { stream, lines } = capture();
    const logger = createLogger("orders", { stream, level: "info" });
    const ids = await withSpan("place-order", { "order.id": "o-2" }, (span) => {
      logger.info("inside span");
      return span.spanContext();
    });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.traceId).not.toBe("0".repeat(32));
    expect(lines[0]).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it("filters records below its level", () => {
    const { stream, lines } = capture();
    const logger = createLogger("orders", { stream, level: "warn" });
    logger.info("dropped");
    logger.error("kept");
    expect(lines.map((l) => l.message)).toEqual(["kept"]);
  });

  it("serialises an error's message and stack", () => {
    const { stream, lines } = capture();
    createLogger("orders", { stream, level: "info" }).error(new Error("boom"));
    expect(lines[0]).toMatchObject({ level: "error", message: "boom" });
    expect(String(lines[0]?.stack)).toContain("logger.test.ts");
  });

  it("expands an Error passed as a metadata field, with its cause", () => {
    const { stream, lines } = capture();
    const cause = Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" });
    createLogger("orders", { stream, level: "info" }).warn("retrying", { error: new Error("publish failed", { cause }) });
    expect(lines[0]?.error).toMatchObject({
      name: "Error",
      message: "publish failed",
      cause: { message: "connection refused", code: "ECONNREFUSED" },
    });
  });
});
