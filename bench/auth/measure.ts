// Closed-loop load: `concurrency` workers each run `op` back to back until `count` operations are done
// or the deadline passes. Latency is measured per operation with the monotonic clock.

export interface LoadResult {
  operations: number;
  errors: number;
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(latencies: number[], errors: number, elapsedMs: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  return {
    operations: sorted.length,
    errors,
    elapsedMs,
    perSecond: (sorted.length / elapsedMs) * 1000,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length),
  };
}

export async function closedLoop(
  options: { concurrency: number; count: number; deadlineMs: number },
  op: (worker: number) => Promise<void>,
): Promise<LoadResult & { latencies: number[] }> {
  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const deadline = performance.now() + options.deadlineMs;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      while (started < options.count && performance.now() < deadline) {
        started++;
        const t0 = performance.now();
        try {
          await op(worker);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          if (errors === 1) console.error(`first error: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }),
  );
  return { ...summarize(latencies, errors, performance.now() - begin), latencies };
}
