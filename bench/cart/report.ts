import type { ScenarioResult } from "../search/load";

export interface CartScenario extends ScenarioResult {
  /** Refused answers by tRPC code and reason, over the warm-up and the measured window. */
  refusals: Record<string, number>;
}

export interface CartBenchReport {
  date: Date;
  connections: number;
  seconds: number;
  warmup: number;
  rateLimit: string;
  results: CartScenario[];
  machine: { cores: number; cpuModel: string; ramGiB: number; node: string; loadBefore: number; loadAfter: number };
}

// Medusa v2 on a machine of this kind (issue 8): cart create 5.6 req/s, add-line-item about 4 req/s,
// p99 8–12 s. The goal is 50 times the throughput.
const MEDUSA = { create: 5.6, addLine: 4 };
const GOAL_FACTOR = 50;

const ms = (n: number) => `${n.toFixed(1)} ms`;

export function renderResults(r: CartBenchReport): string {
  const rows = r.results.map((s, i) => {
    // `requests` and `reqPerSec` count the 2xx answers of the measured window (each one a write);
    // `non2xx` counts that window's refusals, so answered/s is both together over the same time.
    const medusa = i === 0 ? MEDUSA.create : MEDUSA.addLine;
    const writtenPerSec = s.reqPerSec;
    const answeredPerSec = s.requests > 0 ? (s.reqPerSec * (s.requests + s.non2xx)) / s.requests : 0;
    const factor = writtenPerSec / medusa;
    const refused = Object.entries(s.refusals).map(([k, v]) => `${k}: ${v.toLocaleString("en")}`).join(", ") || "none";
    // The hot cart is a contention test (a cart has one shopper), not a throughput figure.
    const versus = i === 2 ? "n/a (contention)" : `${factor.toFixed(0)}× ${factor >= GOAL_FACTOR ? "✔" : "✘"}`;
    return `| ${s.name} | ${Math.round(answeredPerSec).toLocaleString("en")} | **${Math.round(writtenPerSec).toLocaleString("en")}** | ${ms(s.p50)} | ${ms(s.p95)} | **${ms(s.p99)}** | ${s.peakRssMiB.toFixed(0)} MiB | ${refused} | ${versus} |`;
  });
  return `# Cart benchmark — \`pnpm bench:cart\`

Run of ${r.date.toISOString().slice(0, 16).replace("T", " ")} UTC. The script loads its own shop: a fresh database, two sellers
× 50 published variants (EUR) with stock, a flat shipping rate each, a DE tax rate; carts live in a Redis
database number of the benchmark's own. API server: \`packages/api\` (\`node --import tsx src/main.ts\`,
NODE_ENV=production) on loopback, one process; its anonymous rate-limit budget raised for the run to
RATE_LIMIT_GENERAL_BURST = RATE_LIMIT_GENERAL_PER_SECOND = ${r.rateLimit} (a shopper gets 300 burst and 30/s per
address). autocannon, ${r.connections} connections, ${r.warmup} s warm-up then ${r.seconds} s measured per scenario; latencies are every successful (2xx)
answer of the measured window. Peak RSS is the API process's, sampled every 100 ms.

What a request does. \`cart.create\`: a random token, one MULTI (SET NX EX) of the versioned document, and
the cart view (an empty cart prices without a query). \`cart.setLine\`: the variant read from PostgreSQL
(published, seller active, available stock), the cart's lock (SET NX PX), GET, the compare-and-set Lua
script, the lock's release script, then the whole cart re-priced from PostgreSQL (variants with stock,
both sellers' settings and shipping rates, the tax rate) for the answer. The many-carts scenario hands
each request a cart no other request holds (the carts the create scenario made, round-robin), adding a
new line until a cart has ${"20"} and then changing quantities; the hot-cart scenario sends every request to one
cart with the newest version any answer showed, so most requests lose the race and are refused
(CONFLICT \`cart-locked\` after five lock attempts within 150 ms, or \`stale-version\`): the point there is
that contention is refused quickly and nothing is written twice, not throughput.

Machine: ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.ramGiB.toFixed(0)} GiB RAM, Node ${r.machine.node}; load average
${r.machine.loadBefore.toFixed(1)} before and ${r.machine.loadAfter.toFixed(1)} after (the machine is shared with other engineers' work, and
PostgreSQL, Redis, Kafka, OpenSearch and the load generator all run on the same two cores).

| scenario | answered req/s | written/s | p50 | p95 | p99 | peak RSS | refused (warm-up + measured) | vs Medusa v2 (goal ≥ ${GOAL_FACTOR}×) |
|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Medusa v2 on this kind of machine (issue 8): cart create 5.6 req/s, add-line-item about 4 req/s, p99 8–12 s.
The factor compares successful writes per second (for the hot cart: the writes that won the race).
`;
}
