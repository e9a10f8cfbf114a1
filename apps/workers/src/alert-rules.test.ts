import { readFileSync } from "node:fs";
import { consumerMetrics, relayMetrics } from "@bazaar/events";
import { metrics } from "@bazaar/observability";
import { describe, expect, it } from "vitest";

// The alert rules (infra/prometheus/alerts.yml; promtool checks and unit-tests them in scripts/test.sh)
// name metrics by their exported names. Each must still be exported by our code: a renamed metric would
// leave its alert silently never firing. Loading the workers' registry and the API's router registers
// the metrics they define at module level; the relay's and consumers' series register on first use.

const RULES = new URL("../../../infra/prometheus/alerts.yml", import.meta.url);
const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;

describe("the alert rules", () => {
  it("name only metrics that the API and the workers export", async () => {
    await import("./registry");
    await import("@bazaar/api/server");
    relayMetrics();
    consumerMetrics();
    const exported = new Map((await metrics.registry.getMetricsAsJSON()).map((m) => [m.name, String(m.type)]));
    const named = new Set(readFileSync(RULES, "utf8").match(/\b(?:bazaar_[a-z0-9_]+|checkout_saga_runs_total)\b/g) ?? []);
    expect(named.size).toBeGreaterThan(5);
    const missing = [...named].filter((name) => {
      if (exported.has(name)) return false;
      // A histogram's series: <name>_bucket, _sum and _count.
      const base = name.replace(HISTOGRAM_SERIES, "");
      return !(base !== name && exported.get(base) === "histogram");
    });
    expect(missing).toEqual([]);
  });
});
