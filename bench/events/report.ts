import type { LatencyResult, ThroughputResult } from "./phases";
import type { HandlerKind } from "./pipeline";

export interface VariantResult {
  handler: HandlerKind;
  partitions: number;
  throughput: ThroughputResult;
  latency: LatencyResult;
}

export interface ReportInput {
  date: Date;
  machine: { cores: number; cpuModel: string; ramGiB: number; node: string; loadBefore: number; loadAfter: number };
  variants: VariantResult[];
}

const n = (x: number) => Math.round(x).toLocaleString("en");
const verdict = (ok: boolean) => (ok ? "met" : "**NOT met**");
const handlerText: Record<HandlerKind, string> = {
  batch: "batch subscription: the effect rows of a run of events in one INSERT (how a projection is written)",
  single: "per-event handler: one INSERT per event",
};

function variantSection(v: VariantResult): string {
  const { throughput: t, latency: l } = v;
  return `## Handler: ${handlerText[v.handler]}

Topic \`test.events\`: ${v.partitions} partitions, RF 1. Relay batch ${t.relayBatch}; consumer up to ${t.txEvents} events per transaction.

**(a) Sustained throughput** — ${n(t.events)} events written as fast as possible (transactions of ${t.writeTx} events, ${t.writers} concurrent writers).

| measure | value |
|---|---|
| end to end, first write → last handler commit | **${n(t.endToEndPerSec)} events/s** (${(t.elapsedMs / 1000).toFixed(1)} s) |
| outbox write rate | ${n(t.writePerSec)} events/s |
| effect rows / distinct events / duplicate deliveries | ${t.effects} / ${t.distinct} / ${t.duplicates} |
| floor: >= 2,000 events/s | ${verdict(t.endToEndPerSec >= 2000)} |

**(b) Latency at a fixed offered load** — ${n(l.rate)} events/s for ${l.seconds} s, open loop: every ~4 ms the events due by then are written in one transaction (2-3 events each).

| measure | value |
|---|---|
| events handled | ${n(l.events)} (offered ${n(l.offeredPerSec)}/s) |
| p50, occurredAt → handler commit | **${l.p50.toFixed(0)} ms** |
| p90 | ${l.p90.toFixed(0)} ms |
| p99 | **${l.p99.toFixed(0)} ms** |
| max | ${l.max.toFixed(0)} ms |
| floor: p99 < 500 ms | ${verdict(l.p99 < 500)} |
`;
}

export function renderResults(r: ReportInput): string {
  const m = r.machine;
  return `# Events pipeline benchmark

Outbox write (PostgreSQL transaction) → relay (advisory-lock leader, adaptive polling 5-200 ms, one
\`sendBatch\` per batch of up to 1,000 rows) → Kafka (idempotent producer, acks=all) → consumer (eachBatch;
inbox rows and handler effects in one transaction per group of up to 500 events). Writer and relay run in
one Node process (the application side), the consumer in a second one (the worker side); the broker and
PostgreSQL run on the same machine.

- Command: \`pnpm --filter @bazaar/events bench\` (= \`node --import tsx bench/events/run.ts\` from the repo root)
- Date: ${r.date.toISOString()}
- Machine: ${m.cores} cores (${m.cpuModel}), ${m.ramGiB.toFixed(1)} GiB RAM, Node ${m.node}, Kafka 3.9 single broker (KRaft), PostgreSQL 15
- 1-minute load average: ${m.loadBefore.toFixed(1)} before, ${m.loadAfter.toFixed(1)} after (the machine was shared with other work; figures are conservative)
- Latency is the handler's post-commit clock minus the envelope's \`occurredAt\` (same host clock).

${r.variants.map(variantSection).join("\n")}`;
}
