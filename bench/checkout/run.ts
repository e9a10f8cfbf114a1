// Checkout benchmark of issue 8: sustained checkouts through the whole saga, from `checkout.placeOrder`
// over HTTP to the order group CONFIRMED (stock reserved, payment authorized at the sandbox with the
// auto-confirm test card, orders PAID, stock sold, payment captured), with the production pieces as
// separate processes: the API server (NODE_ENV=production), the payments sandbox, and a workers process
// hosting the outbox relay, the checkout-saga consumer and its resumer. Its own database (two sellers ×
// 50 variants, ample stock), Redis database number (BENCH_REDIS_DB, default 12), Kafka topic prefix and
// ports; carts are made beforehand (straight into the cart store, one line from each seller) so the
// load is checkouts alone. autocannon, 50 connections, each request a new cart: 5 s warm-up, 20 s
// measured. place → confirmed is read from the database afterwards (the group's created_at, at the
// start of the checkout transaction, to the saga's updated_at when it moved to CONFIRMED), so polling
// adds no load and no error. Then every saga must have ended and the consistency check must pass. The
// report splits the measured window's CPU by process (/proc/<pid>/stat), ours named by PID.
// Run from the repo root: pnpm bench:checkout   (infra up; env from `infra env`)
// Options (env): BENCH_SECONDS (20), BENCH_WARMUP (5), BENCH_CONNECTIONS (50), BENCH_CARTS (12000),
// BENCH_REDIS_DB (12), BENCH_SETTLE_SECONDS (300), BENCH_WRITE (results file, default RESULTS.md here),
// BENCH_SAGA_PROCESSES (2 workers processes consuming the saga's partitions), BENCH_WORKERS_POOL (32 each).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { checkCheckoutConsistency } from "../../packages/api/src/checkout/checkout-consistency";
import { createCartDoc, mutateCart } from "../../packages/api/src/cart/cart.store";
import { asPlatform } from "../../packages/db/src/tenant-context";
import { createKafka, provisionTopics, resolveTopicSpecs, topicRegistry } from "../../packages/events/src/index";
import { deleteTopicsWithPrefix, uniqueTopicPrefix } from "../../packages/events/src/testing";
import { createLogger } from "../../packages/observability/src/index";
import { startSandboxProcess } from "../../packages/payments/src/testing";
import { ADDRESS, cpuByRole, load, machineCpu, machineFacts, processesCpu, productionSecrets, RATE, spawnNode, startApi, startShopWorld, trpcAnswer, waitHealthy } from "../cart/shop-world";
import { metricValue, requestScenario, trpcMutation } from "../search/load";
import { placeToConfirmed } from "./figures";
import { renderResults } from "./report";

const { seconds: SECONDS, warmup: WARMUP, connections: CONNECTIONS } = load;
const CARTS = Number(process.env.BENCH_CARTS ?? 12_000);
const REDIS_DB = Number(process.env.BENCH_REDIS_DB ?? 12);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 300);
const resultsFile = process.env.BENCH_WRITE ?? join(import.meta.dirname, "RESULTS.md");
const API_PORT = 4490 + (process.pid % 30);
const WORKERS_PORT = API_PORT + 30;
const SANDBOX_PORT = API_PORT + 60;
const WORKERS = "outbox-relay,checkout-saga,checkout-saga-resumer";
const SAGA_PROCESSES = Number(process.env.BENCH_SAGA_PROCESSES ?? 2);
// The API's checkout admission (decisions 0032, 0033), passed through from the environment; its defaults otherwise.
const ADMISSION = {
  backlog: process.env.CHECKOUT_ADMISSION_BACKLOG ?? "16 (the default)",
  target: process.env.CHECKOUT_ADMISSION_TARGET_MS ? `${process.env.CHECKOUT_ADMISSION_TARGET_MS} ms` : "300 ms (the default)",
  minBacklog: process.env.CHECKOUT_ADMISSION_MIN_BACKLOG ?? "4 (the default)",
  wait: `${process.env.CHECKOUT_ADMISSION_WAIT_MS ?? "10000"} ms`,
};

const started = new Date();
const loadBefore = loadavg()[0]!;
const logger = createLogger("bench-checkout", { level: "error" });
const kafka = createKafka({ logger });
const prefix = uniqueTopicPrefix("bench_checkout");
const admin = kafka.admin();
await admin.connect();
await provisionTopics(admin, resolveTopicSpecs(topicRegistry, { prefix })).finally(() => admin.disconnect());
const dir = mkdtempSync(join(tmpdir(), "bench-checkout-"));
const world = await startShopWorld("checkout", { sellers: 2, variants: 50, stock: 1_000_000, redisDb: REDIS_DB, poolSize: 4 });
// Not the published test secret: the API in production refuses that one.
const webhookSecret = `whsec_bench_${randomBytes(24).toString("hex")}`;
const sandbox = await startSandboxProcess({ dbPath: join(dir, "sandbox.sqlite"), webhookUrl: `http://127.0.0.1:${API_PORT}/webhooks/sandbox`, port: SANDBOX_PORT, env: { PAYMENTS_SANDBOX_WEBHOOK_SECRET: webhookSecret } });
try {
  // Production refuses to guess the provider (packages/payments/src/env.ts).
  const payments = { PAYMENTS_PROVIDER: "sandbox", PAYMENTS_SANDBOX_URL: sandbox.url, PAYMENTS_SANDBOX_WEBHOOK_SECRET: webhookSecret };
  const api = await startApi(world, API_PORT, payments);
  // Our processes by PID, for the CPU split of the measured window (the rest are named by what they run).
  const roles = new Map<number, string>([
    [process.pid, "this script: autocannon and its request setup"],
    [api.pid!, "API (placeOrder, webhook intake)"],
    [sandbox.child.pid!, "payments sandbox"],
  ]);
  // The first workers process hosts the relay, a saga consumer and the resumer; each further one another
  // saga consumer in the same group (the partitions are split between them: the unit of scale).
  for (let i = 0; i < SAGA_PROCESSES; i++) {
    const port = i === 0 ? WORKERS_PORT : API_PORT + 60 + 30 * i;
    const workers = spawnNode(world, join(import.meta.dirname, "../../apps/workers"), "src/main.ts", {
      ...payments,
      ...productionSecrets,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      DATABASE_URL: world.database.url,
      REDIS_URL: world.redisUrl,
      KAFKA_TOPIC_PREFIX: prefix,
      WORKERS: i === 0 ? WORKERS : "checkout-saga",
      WORKERS_OPS_PORT: String(port),
      // Its partitions at a time, each with its inbox transaction and up to CHECKOUT_SAGA_CONCURRENCY
      // sagas (each holding a connection only while in a transaction), and the resumer.
      // (CHECKOUT_SAGA_* pass through from the environment).
      DATABASE_POOL_SIZE: process.env.BENCH_WORKERS_POOL ?? "32",
    });
    roles.set(workers.pid!, i === 0 ? "workers: outbox relay, saga consumer, resumer" : "workers: saga consumer");
    await waitHealthy(workers, `http://127.0.0.1:${port}/ready`, `workers process ${i + 1}`);
  }

  // Carts straight into the cart store (what cart.setLine writes, without the HTTP round trips).
  const [a, b] = world.sellers as [(typeof world.sellers)[0], (typeof world.sellers)[0]];
  const options = { ttlSeconds: 1_800, lockMs: 3_000 };
  const carts: { cartId: string; token: string }[] = [];
  const t0 = performance.now();
  for (let i = 0; i < CARTS; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, CARTS - i) }, async (_, j) => {
        const { cart, token } = await createCartDoc(world.redis, null, options);
        const lines = [{ variantId: a.variantIds[(i + j) % a.variantIds.length]!, quantity: 1 }, { variantId: b.variantIds[(i + j * 7) % b.variantIds.length]!, quantity: 2 }];
        await mutateCart(world.redis, cart.id, { token, userId: null }, cart.version, options, (c) => ({ ...c, currency: "EUR", lines }));
        carts.push({ cartId: cart.id, token });
      }),
    );
  }
  console.log(`${carts.length} carts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Transactions and rows of the whole system (API, workers, relay, webhook intake) per checkout.
  const dbStats = () => asPlatform(world.db, async (tx) => (await tx.$queryRaw<{ commits: number; inserted: number }[]>`
    SELECT xact_commit::float8 AS commits, tup_inserted::float8 AS inserted FROM pg_stat_database WHERE datname = current_database()`)[0]!);
  const statsBefore = await dbStats();
  let next = 0;
  const sentAt = new Map<string, number>();
  const refusals = new Map<string, number>();
  const windowStart = { at: new Date(0) };
  const url = `http://127.0.0.1:${API_PORT}`;
  const place = requestScenario(`checkout.placeOrder, a new cart each, ${CONNECTIONS} connections`, {
    url,
    pid: api.pid!,
    connections: CONNECTIONS,
    warmupSeconds: WARMUP,
    seconds: SECONDS,
    request: {
      setupRequest: (req) => {
        // Out of carts: the last one again, which its idempotency key answers without a new order.
        const cart = carts[Math.min(next++, carts.length - 1)]!;
        // The first send of each cart (a retry after running out answers the first group).
        if (!sentAt.has(cart.cartId)) sentAt.set(cart.cartId, Date.now());
        return trpcMutation(req, "checkout.placeOrder", { cartId: cart.cartId, token: cart.token, idempotencyKey: `bench-${cart.cartId}`, email: "bench@example.test", shippingAddress: ADDRESS, paymentMethod: "pm_card_visa" });
      },
      onResponse: (_status, body) => {
        const answer = trpcAnswer<{ groupId: string }>(body);
        if (!answer.ok) refusals.set(`${answer.code} ${answer.reason ?? ""}`.trim(), (refusals.get(`${answer.code} ${answer.reason ?? ""}`.trim()) ?? 0) + 1);
      },
    },
  });
  // The measured window starts when the warm-up ends. In it, the API's admission gauges once a second.
  let cpuStart = machineCpu();
  let processesStart = processesCpu();
  const admissionSeen: { limit: number; backlog: number }[] = [];
  let sampling: NodeJS.Timeout | undefined;
  const warmupEnds = setTimeout(() => {
    windowStart.at = new Date();
    cpuStart = machineCpu();
    processesStart = processesCpu();
    sampling = setInterval(() => {
      void fetch(`${url}/metrics`)
        .then((r) => r.text())
        .then((text) => {
          const limit = metricValue(text, "bazaar_checkout_admission_limit");
          const backlog = metricValue(text, "bazaar_checkout_saga_backlog");
          if (limit !== null && backlog !== null) admissionSeen.push({ limit, backlog });
        })
        .catch(() => {});
    }, 1_000);
  }, WARMUP * 1_000);
  const http = await place;
  clearTimeout(warmupEnds);
  clearInterval(sampling);
  const windowEnd = new Date();
  const cpuEnd = machineCpu();
  const processesEnd = processesCpu();
  console.log(http, Object.fromEntries(refusals));
  if (next >= carts.length) console.warn(`ran out of carts (${carts.length}); raise BENCH_CARTS`);

  // Every saga to an end, and the outbox drained (the last confirmations' events, the webhooks').
  const settleStart = performance.now();
  let open = { sagas: -1, outbox: -1 };
  for (;;) {
    open = await asPlatform(world.db, async (tx) => ({
      sagas: await tx.checkoutSaga.count({ where: { state: { in: ["RUNNING", "COMPENSATING"] } } }),
      outbox: await tx.outboxEvent.count({ where: { publishedAt: null } }),
    }));
    if (open.sagas === 0 && open.outbox === 0) break;
    if (performance.now() - settleStart > SETTLE_SECONDS * 1_000) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const settleSeconds = (performance.now() - settleStart) / 1_000;
  console.log(`settled in ${settleSeconds.toFixed(1)} s: ${JSON.stringify(open)}`);
  // The statistics collector flushes within a second of a transaction's end.
  await new Promise((r) => setTimeout(r, 1_500));
  const statsAfter = await dbStats();
  const figures = await asPlatform(world.db, (tx) => placeToConfirmed(tx, windowStart.at, windowEnd, sentAt));
  const perCheckout = { transactions: (statsAfter.commits - statsBefore.commits) / Math.max(1, figures.run.groups), rows: (statsAfter.inserted - statsBefore.inserted) / Math.max(1, figures.run.groups) };
  // The whole machine's CPU in the window (every process, ours or not) per checkout confirmed in it.
  const cpu = {
    busyShare: (cpuEnd.busyMs - cpuStart.busyMs) / Math.max(1, cpuEnd.totalMs - cpuStart.totalMs),
    stealShare: (cpuEnd.stealMs - cpuStart.stealMs) / Math.max(1, cpuEnd.totalMs - cpuStart.totalMs),
    msPerCheckout: (cpuEnd.busyMs - cpuStart.busyMs) / Math.max(1, figures.confirmedInWindow),
    byRole: [...cpuByRole(processesStart, processesEnd, roles)]
      .map(([role, ms]) => ({ role, msPerCheckout: ms / Math.max(1, figures.confirmedInWindow) }))
      .sort((a, b) => b.msPerCheckout - a.msPerCheckout),
  };
  console.log(perCheckout, cpu);
  console.log(figures);
  const consistency = await asPlatform(world.db, (tx) => checkCheckoutConsistency(tx));
  console.log(`consistency: ${consistency.groups} groups, ${consistency.confirmed} confirmed, ${consistency.cancelled} cancelled, ${consistency.problems.length} problems`);
  for (const p of consistency.problems.slice(0, 20)) console.log(p);

  writeFileSync(
    resultsFile,
    renderResults({
      date: started,
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmup: WARMUP,
      rateLimit: RATE,
      workers: WORKERS,
      sagaProcesses: SAGA_PROCESSES,
      admission: { ...ADMISSION, seen: admissionSeen },
      http,
      refusals: Object.fromEntries(refusals),
      figures,
      perCheckout,
      cpu,
      settleSeconds,
      unsettled: open,
      consistency,
      machine: machineFacts(loadBefore),
    }),
  );
  console.log(`wrote ${resultsFile}`);
  if (consistency.problems.length > 0 || open.sagas > 0) process.exitCode = 1;
} finally {
  await world.close();
  await sandbox.stop();
  await deleteTopicsWithPrefix(kafka, prefix);
  rmSync(dir, { recursive: true, force: true });
}
