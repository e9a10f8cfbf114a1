import { describe, expect, it } from "vitest";
import { metrics, metricsText } from "./metrics";

describe("metrics", () => {
  it("returns the registered metric when asked twice by name", () => {
    const a = metrics.counter({ name: "test_things_total", help: "things", labelNames: ["kind"] });
    const b = metrics.counter({ name: "test_things_total", help: "things", labelNames: ["kind"] });
    expect(b).toBe(a);
  });

  it("refuses a name already used by another kind of metric", () => {
    metrics.histogram({ name: "test_duration_seconds", help: "d" });
    expect(() => metrics.counter({ name: "test_duration_seconds", help: "d" })).toThrow(/different type/);
  });

  it("exposes default process metrics and custom series as Prometheus text", async () => {
    metrics.counter({ name: "test_exposed_total", help: "exposed", labelNames: ["kind"] }).inc({ kind: "a" });
    const text = await metricsText();
    expect(text).toContain('test_exposed_total{kind="a"} 1');
    expect(text).toContain("process_cpu_user_seconds_total");
  });
});
