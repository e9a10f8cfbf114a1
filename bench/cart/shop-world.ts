// What bench/cart and bench/checkout share: a fresh database with sellers whose published variants have
// ample stock, a flat shipping rate and the DE tax rate; child processes (the API server in production
// mode, the workers, the payments sandbox) started on ports of their own and stopped by PID; a Redis
// database number of their own whose cart keys are removed at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import type { Redis as RedisClient } from "ioredis";
import { createLocation, receiveStock } from "../../packages/api/src/inventory/inventory.service";
import { createDb, type Db } from "../../packages/db/src/client";
import { asPlatform } from "../../packages/db/src/tenant-context";
import { createTestDatabase, type TestDatabase } from "../../packages/db/src/testing";
import { procStat } from "../search/load";

const requireFromApi = createRequire(join(import.meta.dirname, "../../packages/api/package.json"));
const { Redis } = requireFromApi("ioredis") as { Redis: new (url: string, options?: object) => RedisClient };

/** The load shape every HTTP benchmark here shares (env overrides): 50 connections, 5 s warm-up, 20 s measured. */
export const load = {
  seconds: Number(process.env.BENCH_SECONDS ?? 20),
  warmup: Number(process.env.BENCH_WARMUP ?? 5),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
};

/** The machine as the reports state it, with the 1-minute load average now and `loadBefore`. */
export function machineFacts(loadBefore: number) {
  const cpu = cpus();
  return { cores: cpu.length, cpuModel: cpu[0]?.model.trim() ?? "unknown", ramGiB: totalmem() / 1024 ** 3, node: process.version, loadBefore, loadAfter: loadavg()[0]! };
}

/**
 * The machine's CPU time so far (/proc/stat, every core): busy (user, nice, system, irq, softirq) and
 * stolen by the hypervisor, in ms. Two readings around a window give what the whole machine spent in it.
 */
export function machineCpu(): { busyMs: number; stealMs: number; totalMs: number } {
  const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number) as number[];
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const busy = user! + nice! + system! + irq! + softirq!;
  return { busyMs: busy * tick, stealMs: steal! * tick, totalMs: (busy + idle! + iowait! + steal!) * tick };
}

/** One process's CPU so far (/proc/<pid>/stat: user + system of all its threads), in ms, and what it is. */
export interface ProcessCpu {
  pid: number;
  cpuMs: number;
  comm: string;
  cmdline: string;
}

/** Every process's CPU so far (those that vanished mid-read left out). */
export function processesCpu(): Map<number, ProcessCpu> {
  const out = new Map<number, ProcessCpu>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { comm, ticks } = procStat(Number(entry));
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      out.set(Number(entry), { pid: Number(entry), cpuMs: ticks * 10, comm, cmdline }); // 100 ticks a second
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/**
 * The CPU the machine's processes spent between two `processesCpu` readings, summed by role: `roles`
 * names our own processes by PID; the rest are grouped by what they run (PostgreSQL backends, Kafka,
 * OpenSearch, Redis ...). A process that started inside the window counts from zero; one that ended
 * inside it is missing, so the roles may sum to a little less than the machine's busy time.
 */
export function cpuByRole(before: Map<number, ProcessCpu>, after: Map<number, ProcessCpu>, roles: Map<number, string>): Map<string, number> {
  const byRole = new Map<string, number>();
  for (const [pid, p] of after) {
    const spent = p.cpuMs - (before.get(pid)?.cpuMs ?? 0);
    if (spent <= 0) continue;
    const role = roles.get(pid) ?? roleOf(p);
    byRole.set(role, (byRole.get(role) ?? 0) + spent);
  }
  return byRole;
}

function roleOf(p: ProcessCpu): string {
  if (p.comm === "postgres" || p.cmdline.startsWith("postgres")) return "PostgreSQL";
  if (p.comm.startsWith("redis")) return "Redis";
  if (p.comm === "java") {
    if (p.cmdline.includes("org.apache.kafka.connect")) return "Kafka Connect (not used here)";
    if (p.cmdline.includes(" kafka.Kafka ")) return "Kafka";
    if (p.cmdline.includes("opensearch")) return "OpenSearch (not used here)";
    return "other JVMs (S3Proxy; not used here)";
  }
  return "everything else (kernel threads, other tools)";
}

export const ADDRESS = { name: "Ada Lovelace", line1: "1 Analytical Way", city: "Berlin", postalCode: "10115", country: "DE" } as const;

export interface Seller {
  tenantId: string;
  variantIds: string[];
}

export interface ShopWorld {
  runId: string;
  database: TestDatabase;
  db: Db;
  redisUrl: string;
  redis: RedisClient;
  sellers: Seller[];
  /** Every process `spawnNode` started; `close` stops those still running. */
  children: ChildProcess[];
  close(): Promise<void>;
}

export async function startShopWorld(name: string, o: { sellers: number; variants: number; stock: number; redisDb: number; poolSize?: number }): Promise<ShopWorld> {
  const runId = randomBytes(3).toString("hex");
  const database = await createTestDatabase(`bench_${name}_${runId}`);
  const db = createDb({ url: database.url, poolSize: o.poolSize ?? 8, applicationName: `bench-${name}` });
  const base = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  base.pathname = `/${o.redisDb}`;
  const redisUrl = base.toString();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const sellers: Seller[] = [];
  await asPlatform(db, (tx) => tx.taxRate.create({ data: { region: "DE", rateBps: 1_900 } }));
  for (let s = 0; s < o.sellers; s++) {
    sellers.push(
      await asPlatform(db, async (tx) => {
        const slug = `bench-${name}-${runId}-${s}`;
        const tenant = await tx.tenant.create({ data: { slug, name: `Bench seller ${s}`, type: "SELLER_BUSINESS", plan: "FREE" } });
        const owner = await tx.user.create({ data: { email: `owner.${slug}@bench.test`, name: "Owner", passwordHash: "unused" } });
        await tx.membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "OWNER" } });
        const store = await tx.store.create({ data: { tenantId: tenant.id, name: `Bench seller ${s}`, slug } });
        const product = await tx.product.create({ data: { tenantId: tenant.id, storeId: store.id, title: "Mug", handle: "mug", status: "PUBLISHED", publishedAt: new Date() } });
        await tx.productVariant.createMany({
          data: Array.from({ length: o.variants }, (_, i) => ({ tenantId: tenant.id, productId: product.id, sku: `MUG-${i}`, title: `Colour ${i}`, priceAmount: 1_000 + i, currency: "EUR" })),
        });
        const variantIds = (await tx.productVariant.findMany({ where: { tenantId: tenant.id }, select: { id: true }, orderBy: { sku: "asc" } })).map((v) => v.id);
        const location = await createLocation(tx, tenant.id, owner.id, { name: "Main", code: "main" });
        for (const variantId of variantIds) await receiveStock(tx, tenant.id, owner.id, { variantId, locationId: location.id, quantity: o.stock });
        await tx.shippingRate.create({ data: { tenantId: tenant.id, code: "std", name: "Standard", kind: "FLAT", currency: "EUR", baseAmount: 490 } });
        return { tenantId: tenant.id, variantIds };
      }),
    );
  }
  const children: ChildProcess[] = [];
  return {
    runId,
    database,
    db,
    redisUrl,
    redis,
    sellers,
    children,
    async close() {
      for (const child of children.reverse()) await stopChild(child);
      // Cart documents, locks and user pointers of this run (they expire anyway: CART_TTL_SECONDS).
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", "cart:*", "COUNT", 1_000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== "0");
      redis.disconnect();
      await db.$disconnect();
      await database.drop();
    },
  };
}

/** Starts `node --import tsx <script>` in `cwd`; stderr goes to ours, stdout to `onLine` (or nowhere). */
export function spawnNode(world: ShopWorld, cwd: string, script: string, env: Record<string, string>, onLine?: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", onLine ? "pipe" : "ignore", "inherit"] });
  if (onLine) {
    let rest = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split("\n");
      rest = lines.pop()!;
      for (const line of lines) onLine(line);
    });
  }
  world.children.push(child);
  return child;
}

/** SIGTERM by PID and wait for the exit (SIGKILL after 15 s). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 2xx (bounded), failing early if `child` exits. */
export async function waitHealthy(child: ChildProcess, url: string, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  for (;;) {
    const res = await fetch(url).catch(() => null);
    if (res?.ok) return;
    if (res) last = `${res.status} ${await res.text()}`;
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s: ${last}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const RATE = "1000000";

/** The secrets production refuses to start without (the workers read the API's environment too), per run. */
export const productionSecrets = {
  JWT_SECRET: randomBytes(32).toString("hex"),
  TWO_FACTOR_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  API_PROXY_SECRET: randomBytes(32).toString("hex"),
};

/** The API server (packages/api) in production mode on `port`, over the world's database and Redis. */
export async function startApi(world: ShopWorld, port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const api = spawnNode(world, join(import.meta.dirname, "../../packages/api"), "src/main.ts", {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DATABASE_URL: world.database.url,
    REDIS_URL: world.redisUrl,
    API_PORT: String(port),
    // The anonymous rate limit is raised so the benchmark measures the work, not the refusals.
    RATE_LIMIT_GENERAL_BURST: RATE,
    RATE_LIMIT_GENERAL_PER_SECOND: RATE,
    CART_TTL_SECONDS: "1800",
    // Production refuses to start without a chosen payments provider and its webhook secret (fail closed).
    PAYMENTS_PROVIDER: "sandbox",
    PAYMENTS_SANDBOX_WEBHOOK_SECRET: randomBytes(24).toString("hex"),
    ...productionSecrets,
    ...env,
  });
  await waitHealthy(api, `http://127.0.0.1:${port}/health`, "the API server");
  return api;
}

/** The `data.json` of a tRPC answer, or the error's `data` (code, details) for a refusal. */
export function trpcAnswer<T>(body: string): { ok: true; data: T } | { ok: false; code: string; reason: string | null; details: Record<string, unknown> | null } {
  try {
    const parsed = JSON.parse(body) as { result?: { data: { json: T } }; error?: { json: { data?: { code?: string; details?: Record<string, unknown> | null } } } };
    if (parsed.result) return { ok: true, data: parsed.result.data.json };
    const data = parsed.error?.json.data;
    const details = data?.details ?? null;
    return { ok: false, code: data?.code ?? "UNKNOWN", reason: typeof details?.reason === "string" ? details.reason : null, details };
  } catch {
    return { ok: false, code: "UNPARSEABLE", reason: null, details: null };
  }
}
