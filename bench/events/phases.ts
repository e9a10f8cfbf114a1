import { enqueueMany } from "../../packages/events/src/outbox";
import type { NewEvent } from "../../packages/events/src/event";
import { ping } from "../../packages/events/src/testing";
import { RELAY_BATCH, TX_EVENTS, type Pipeline } from "./pipeline";

export interface ThroughputResult {
  events: number;
  writers: number;
  writeTx: number;
  relayBatch: number;
  txEvents: number;
  partitions: number;
  elapsedMs: number;
  writePerSec: number;
  endToEndPerSec: number;
  effects: number;
  distinct: number;
  duplicates: number;
}

export interface LatencyResult {
  rate: number;
  seconds: number;
  events: number;
  offeredPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export async function runThroughput(p: Pipeline, options: { events: number; deadlineMs: number }): Promise<ThroughputResult> {
  const writers = 4;
  const writeTx = 500;
  const aggregates = 200;
  const finished = p.until((s) => s.tpHandled >= options.events, options.deadlineMs, "throughput phase");

  const start = performance.now();
  let next = 0;
  const writer = async () => {
    while (next < options.events) {
      const from = next;
      next = Math.min(options.events, next + writeTx);
      const batch: NewEvent<"test.ping.sent">[] = [];
      for (let i = from; i < next; i++) batch.push(ping(`tp-${i % aggregates}`, Math.floor(i / aggregates)));
      await p.h.db.$transaction((tx) => enqueueMany(tx, batch));
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const written = performance.now();
  await finished;
  const end = performance.now();

  const [row] = await p.h.ownerQuery<{ effects: string; distinct: string }>(
    "SELECT count(*) AS effects, count(DISTINCT event_id) AS distinct FROM test_effects WHERE aggregate_id LIKE 'tp-%'",
  );
  return {
    events: options.events,
    writers,
    writeTx,
    relayBatch: RELAY_BATCH,
    txEvents: TX_EVENTS,
    partitions: p.partitions,
    elapsedMs: end - start,
    writePerSec: options.events / ((written - start) / 1000),
    endToEndPerSec: options.events / ((end - start) / 1000),
    effects: Number(row!.effects),
    distinct: Number(row!.distinct),
    duplicates: p.stats.tpDuplicates,
  };
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

export async function runLatency(
  p: Pipeline,
  options: { rate: number; seconds: number; deadlineMs: number },
): Promise<LatencyResult> {
  const total = options.rate * options.seconds;
  const finished = p.until((s) => s.latencies.length >= total, options.deadlineMs, "latency phase");

  // Open-loop load: every few milliseconds the events due by then (event i at start + i/rate) are written,
  // whatever happened to earlier ones, in one transaction per tick, so a slow pipeline shows up as
  // latency rather than as a lower offered rate. (At ~5 ms ticks that is 2-3 events per transaction.)
  const maxInFlight = 16;
  let inFlight = 0;
  let sent = 0;
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate));
      if (sent < due && inFlight < maxInFlight) {
        const batch: NewEvent<"test.ping.sent">[] = [];
        for (; sent < due; sent++) batch.push(ping(`lat-${sent % 50}`, Math.floor(sent / 50)));
        inFlight++;
        p.h.db.$transaction((tx) => enqueueMany(tx, batch)).then(() => inFlight--, reject);
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 4);
    };
    tick();
  });
  const offeredSeconds = (performance.now() - start) / 1000;
  await finished;

  const sorted = [...p.stats.latencies].sort((a, b) => a - b);
  return {
    rate: options.rate,
    seconds: options.seconds,
    events: sorted.length,
    offeredPerSec: total / offeredSeconds,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}
