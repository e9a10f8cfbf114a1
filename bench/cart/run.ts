// Cart benchmark of issue 8: cart create and add-line-item (cart.setLine) through the tRPC HTTP API of
// the API server in production mode, at 50 connections with autocannon. It loads its own shop (a fresh
// database, two sellers × 50 published variants with stock), uses a Redis database number of its own
// (BENCH_REDIS_DB, default 11), starts the API server on its own port with the anonymous rate limit
// raised (stated in the report), and stops it by PID and drops everything at the end.
// Scenarios: create; add a line to many carts (each connection's next request goes to an idle cart,
// so no two requests touch one cart: the cost of a write); add a line to ONE hot cart (every
// connection fights over its lock and version: what contention costs and how it is refused).
// Run from the repo root: pnpm bench:cart   (infra up; env from `infra env`)
// Options (env): BENCH_SECONDS (20), BENCH_WARMUP (5), BENCH_CONNECTIONS (50), BENCH_REDIS_DB (11),
// BENCH_WRITE (results file, default RESULTS.md here).
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { requestScenario, trpcMutation, type ScenarioResult } from "../search/load";
import { renderResults, type CartScenario } from "./report";
import { load, machineFacts, RATE, startApi, startShopWorld, trpcAnswer } from "./shop-world";

const { seconds: SECONDS, warmup: WARMUP, connections: CONNECTIONS } = load;
const REDIS_DB = Number(process.env.BENCH_REDIS_DB ?? 11);
const resultsFile = process.env.BENCH_WRITE ?? join(import.meta.dirname, "RESULTS.md");
const PORT = 4460 + (process.pid % 30);
// Lines per cart before a cart's next "add" becomes a quantity change (a cart of about 20 lines).
const DISTINCT_LINES = 20;

interface BenchCart {
  cartId: string;
  token: string;
  version: number;
  lines: number;
  seed: number;
}

const started = new Date();
const loadBefore = loadavg()[0]!;
const world = await startShopWorld("cart", { sellers: 2, variants: 50, stock: 1_000, redisDb: REDIS_DB });
const results: CartScenario[] = [];
try {
  // Alternating sellers, so a cart's lines span both (per-seller subtotals, shipping and tax each read).
  const variants = world.sellers[0]!.variantIds.flatMap((id, i) => [id, world.sellers[1]!.variantIds[i]!]);
  const api = await startApi(world, PORT);
  const url = `http://127.0.0.1:${PORT}`;
  const common = { url, pid: api.pid!, connections: CONNECTIONS, warmupSeconds: WARMUP, seconds: SECONDS };
  const refusals = () => new Map<string, number>();
  const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
  const withRefusals = (r: ScenarioResult, m: Map<string, number>): CartScenario => ({ ...r, refusals: Object.fromEntries(m) });

  const carts: BenchCart[] = [];
  const createRefusals = refusals();
  const created = await requestScenario("cart create (cart.create)", {
    ...common,
    request: {
      setupRequest: (req) => trpcMutation(req, "cart.create", null),
      onResponse: (_status, body) => {
        const a = trpcAnswer<{ cartId: string; token: string; version: number }>(body);
        if (a.ok) carts.push({ cartId: a.data.cartId, token: a.data.token, version: a.data.version, lines: 0, seed: Math.floor(Math.random() * variants.length) });
        else count(createRefusals, `${a.code}${a.reason ? ` ${a.reason}` : ""}`);
      },
    },
  });
  results.push(withRefusals(created, createRefusals));
  console.log(results.at(-1));

  // The carts just created, each handed to one request at a time and back when it answers.
  const idle = carts.slice();
  const spreadRefusals = refusals();
  const spread = await requestScenario(`add-line-item, ${idle.length.toLocaleString("en")} carts, one request per cart at a time (cart.setLine)`, {
    ...common,
    request: {
      setupRequest: (req, context) => {
        const cart = idle.shift()!;
        context.cart = cart;
        const variantId = variants[(cart.seed + (cart.lines % DISTINCT_LINES)) % variants.length]!;
        return trpcMutation(req, "cart.setLine", { cartId: cart.cartId, token: cart.token, expectedVersion: cart.version, variantId, quantity: 1 + (cart.lines % 3) });
      },
      onResponse: (_status, body, context) => {
        const cart = context.cart as BenchCart;
        const a = trpcAnswer<{ version: number }>(body);
        if (a.ok) {
          cart.version = a.data.version;
          cart.lines++;
        } else count(spreadRefusals, `${a.code}${a.reason ? ` ${a.reason}` : ""}`);
        idle.push(cart);
      },
    },
  });
  results.push(withRefusals(spread, spreadRefusals));
  console.log(results.at(-1));

  // One new cart, every connection: each names the newest version any answer showed (a refusal for a
  // stale version tells the current one), so most lose the race.
  const createdHot = await fetch(`${url}/trpc/cart.create`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: null }) });
  const fresh = trpcAnswer<{ cartId: string; token: string; version: number }>(await createdHot.text());
  if (!fresh.ok) throw new Error(`could not create the hot cart: ${fresh.code}`);
  const hot = { ...fresh.data };
  const hotRefusals = refusals();
  let k = 0;
  const contended = await requestScenario(`add-line-item, ONE hot cart, ${CONNECTIONS} connections (cart.setLine)`, {
    ...common,
    request: {
      setupRequest: (req) => {
        k++;
        return trpcMutation(req, "cart.setLine", { cartId: hot.cartId, token: hot.token, expectedVersion: hot.version, variantId: variants[k % 10]!, quantity: 1 + (k % 5) });
      },
      onResponse: (_status, body) => {
        const a = trpcAnswer<{ version: number }>(body);
        if (a.ok) hot.version = Math.max(hot.version, a.data.version);
        else {
          count(hotRefusals, `${a.code}${a.reason ? ` ${a.reason}` : ""}`);
          if (typeof a.details?.current === "number") hot.version = Math.max(hot.version, a.details.current);
        }
      },
    },
  });
  results.push(withRefusals(contended, hotRefusals));
  console.log(results.at(-1));

  writeFileSync(
    resultsFile,
    renderResults({
      date: started,
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmup: WARMUP,
      rateLimit: RATE,
      results,
      machine: machineFacts(loadBefore),
    }),
  );
  console.log(`wrote ${resultsFile}`);
} finally {
  await world.close();
}
