import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type Metric,
} from "prom-client";

const registry = new Registry();
collectDefaultMetrics({ register: registry });

type Config<C> = Omit<C, "registers">;

// Modules that define a metric can be evaluated more than once (tests, hot reload, two callers
// naming the same series); prom-client throws on a duplicate name, so every helper returns the
// metric already registered under that name when its kind matches.
function getOrCreate<M extends Metric<string>>(name: string, kind: new (...args: never[]) => M, create: () => M): M {
  const existing = registry.getSingleMetric(name);
  if (existing) {
    if (existing instanceof kind) return existing;
    throw new Error(`metric ${name} is already registered with a different type`);
  }
  return create();
}

export const metrics = {
  registry,
  counter<L extends string = string>(config: Config<CounterConfiguration<L>>): Counter<L> {
    return getOrCreate(config.name, Counter<L>, () => new Counter<L>({ ...config, registers: [registry] }));
  },
  histogram<L extends string = string>(config: Config<HistogramConfiguration<L>>): Histogram<L> {
    return getOrCreate(config.name, Histogram<L>, () => new Histogram<L>({ ...config, registers: [registry] }));
  },
  gauge<L extends string = string>(config: Config<GaugeConfiguration<L>>): Gauge<L> {
    return getOrCreate(config.name, Gauge<L>, () => new Gauge<L>({ ...config, registers: [registry] }));
  },
  /** Labels added to every series of this process (e.g. `{ service: "api" }`). */
  setDefaultLabels(labels: Record<string, string>): void {
    registry.setDefaultLabels(labels);
  },
};

export const metricsContentType = registry.contentType;

/** The Prometheus text exposition of every metric in the shared registry. */
export function metricsText(): Promise<string> {
  return registry.metrics();
}
