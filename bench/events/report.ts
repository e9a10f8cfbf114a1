import type { LatencyResult, ThroughputResult } from "./phases";
import type { HandlerKind } from "./pipeline";

export interface ReportInput {
  date: Date;
  handler: HandlerKind;
  partitions: number;
  machine: { cores: number; cpuModel: string; ramGiB: number; node: string; loadBefore: number; loadAfter: number };
  throughput: ThroughputResult;
  latency: LatencyResult;
}

const n = (x: number) => Math.round(x).toLocaleString("en");
const verdict = (ok: boolean) => (ok ? "met" : "**NOT met**");

export function renderResults(r: ReportInput): string {
  const { throughput: t, latency: l, machine: m } = r;
  const handler =
    r.handler === "batch"
      ? "a batch subscription that writes the effect rows of a run of events in one INSERT"
      : "a per-event handler that writes one effect row per event (one INSERT each)";
  return `# Events pipeline benchmark

Outbox write (PostgreSQL transaction) → relay (advisory-lock leader, LISTEN/NOTIFY + poll, one
\`sendBatch\` per batch) → Kafka (idempotent producer, acks=all) → consumer (eachBatch; inbox rows and
handler effects in one transaction per group of events). Writer, relay and consumer run in one Node
process; the broker and PostgreSQL share the same machine. Handler: ${handler}.

- Command: \`pnpm --filter @bazaar/events bench\` (= \`node --import tsx bench/events/run.ts\`${r.handler === "single" ? " with `BENCH_HANDLER=single`" : ""})
- Date: ${r.date.toISOString()}
- Machine: ${m.cores} cores (${m.cpuModel}), ${m.ramGiB.toFixed(1)} GiB RAM, Node ${m.node}, Kafka 3.9 single broker (KRaft), PostgreSQL 15
- 1-minute load average: ${m.loadBefore.toFixed(1)} before, ${m.loadAfter.toFixed(1)} after (the machine is shared with other work)
- Topic \`test.events\`: ${r.partitions} partitions, RF 1. Relay batch ${t.relayBatch}; consumer up to ${t.txEvents} events per transaction.

## (a) Sustained throughput

${n(t.events)} events written as fast as possible (transactions of ${t.writeTx} events, ${t.writers} concurrent writers).

| measure | value |
|---|---|
| end to end, first write → last handler commit | **${n(t.endToEndPerSec)} events/s** (${(t.elapsedMs / 1000).toFixed(1)} s) |
| outbox write rate | ${n(t.writePerSec)} events/s |
| effect rows / distinct events / duplicate deliveries | ${t.effects} / ${t.distinct} / ${t.duplicates} |
| floor: >= 2,000 events/s | ${verdict(t.endToEndPerSec >= 2000)} |

## (b) Latency at a fixed offered load

${n(l.rate)} events/s for ${l.seconds} s, open loop: every ~4 ms the events due by then are written in one transaction (2-3 events each).

| measure | value |
|---|---|
| events handled | ${n(l.events)} (offered ${n(l.offeredPerSec)}/s) |
| p50, occurredAt → handler commit | **${l.p50.toFixed(1)} ms** |
| p90 | ${l.p90.toFixed(1)} ms |
| p99 | **${l.p99.toFixed(1)} ms** |
| max | ${l.max.toFixed(1)} ms |
| floor: p99 < 500 ms | ${verdict(l.p99 < 500)} |
`;
}
