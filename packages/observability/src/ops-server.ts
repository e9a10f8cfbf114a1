import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import { metrics, metricsContentType, metricsText } from "./metrics";

export type ReadinessCheck = () => Promise<void>;

export interface CheckResult {
  status: "ok" | "error";
  durationMs: number;
  error?: string;
}

export interface ReadinessReport {
  status: "ok" | "unavailable";
  service: string;
  checks: Record<string, CheckResult>;
}

export interface OpsOptions {
  service: string;
  checks?: Record<string, ReadinessCheck>;
  /** Per-check limit; a dependency that hangs counts as down rather than hanging the probe. */
  checkTimeoutMs?: number;
}

class CheckTimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms}ms`);
    this.name = "CheckTimeoutError";
  }
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimeoutError(timeoutMs)), timeoutMs);
      }),
    ]);
    return { status: "ok", durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: "error",
      durationMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(options: OpsOptions): Promise<ReadinessReport> {
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  const entries = await Promise.all(
    Object.entries(options.checks ?? {}).map(async ([name, check]) => [name, await runCheck(check, timeoutMs)] as const),
  );
  const checks = Object.fromEntries(entries);
  const ok = entries.every(([, r]) => r.status === "ok");
  return { status: ok ? "ok" : "unavailable", service: options.service, checks };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    "content-type": contentType,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(body);
}

/**
 * Serves /health, /ready and /metrics on an existing server; returns false for any other request so the
 * caller (e.g. the API's HTTP server) can route it on.
 */
export function createOpsHandler(options: OpsOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/health" && path !== "/ready" && path !== "/metrics") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      send(res, 405, "application/json", JSON.stringify({ error: "method not allowed" }));
      return true;
    }
    const respond = async () => {
      if (path === "/health") {
        send(res, 200, "application/json", JSON.stringify({ status: "ok", service: options.service }));
      } else if (path === "/ready") {
        const report = await readiness(options);
        send(res, report.status === "ok" ? 200 : 503, "application/json", JSON.stringify(report));
      } else {
        send(res, 200, metricsContentType, await metricsText());
      }
    };
    respond().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, "application/json", JSON.stringify({ error: String(error) }));
      else res.destroy();
    });
    return true;
  };
}

export interface OpsServerOptions extends OpsOptions {
  port: number;
  host?: string;
}

export interface OpsServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Resolves once `server` stops, closing idle keep-alive sockets so close() does not wait for them. */
export function closeServer(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

/** A loopback HTTP server for liveness, readiness and Prometheus scraping of a non-HTTP process. */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  metrics.setDefaultLabels({ service: options.service });
  const handle = createOpsHandler(options);
  const server = createServer((req, res) => {
    if (!handle(req, res)) send(res, 404, "application/json", JSON.stringify({ error: "not found" }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://${address}:${port}`,
    close: () => closeServer(server),
  };
}
