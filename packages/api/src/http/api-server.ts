import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import type { Db } from "@bazaar/db";
import { closeServer, createOpsHandler, type Logger, type ReadinessCheck } from "@bazaar/observability";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import cors from "cors";
import helmet from "helmet";
import type { Redis } from "ioredis";
import { dependencyChecks } from "../health/checks";
import { appRouter } from "../root";
import type { SessionResolver } from "../session";
import { retryAfterResponseMeta } from "../security/rate-limit";
import type { RateLimiter } from "../security/rate-limiter";
import { createTRPCContext } from "../trpc";

export interface ApiServerOptions {
  db: Db;
  redis: Redis;
  logger: Logger;
  /** Exact browser origins allowed by CORS (the web and admin apps). */
  allowedOrigins: string[];
  resolveSession?: SessionResolver;
  /** Default: the standard Redis token buckets; null turns rate limiting off (benchmarks only). */
  rateLimiter?: RateLimiter | null;
  maxBodyBytes?: number;
  /** Extra readiness checks beyond PostgreSQL and Redis. */
  checks?: Record<string, ReadinessCheck>;
}

export interface ApiServer {
  readonly server: Server;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  /** Stops accepting, reports not-ready, lets in-flight requests finish for up to `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

const TRPC_PREFIX = "/trpc/";

type Connect = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

function run(mw: Connect, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => mw(req, res, (err) => (err ? reject(err) : resolve())));
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  let draining = false;

  // An API that only returns JSON: no framing, no sniffing, no referrer, nothing loaded from anywhere.
  const securityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: "same-site" },
    referrerPolicy: { policy: "no-referrer" },
    frameguard: { action: "deny" },
  }) as Connect;

  const allowed = new Set(options.allowedOrigins);
  const corsMiddleware = cors({
    // Unknown origins get no CORS headers at all (the browser then blocks the response), never `*`.
    origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: ["content-type", "authorization", "x-tenant-id", "x-request-id", "idempotency-key", "trpc-accept", "x-trpc-source", "traceparent", "tracestate"],
    exposedHeaders: ["x-request-id", "retry-after"],
    maxAge: 600,
  }) as Connect;

  const ops = createOpsHandler({
    service: "api",
    checks: {
      accepting: async () => {
        if (draining) throw new Error("shutting down");
      },
      ...dependencyChecks(options),
      ...options.checks,
    },
  });

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: TRPC_PREFIX,
    maxBodySize: options.maxBodyBytes ?? 1_048_576,
    createContext: async ({ req, res }) => {
      const ctx = await createTRPCContext({
        headers: req.headers,
        db: options.db,
        redis: options.redis,
        logger: options.logger,
        ...(options.resolveSession ? { resolveSession: options.resolveSession } : {}),
        ...(options.rateLimiter !== undefined ? { rateLimiter: options.rateLimiter } : {}),
        peerAddress: req.socket.remoteAddress ?? null,
      });
      res.setHeader("x-request-id", ctx.requestId);
      return ctx;
    },
    responseMeta: retryAfterResponseMeta,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") options.logger.error("unhandled tRPC error", { path, error: error.cause ?? error });
    },
  });

  const server = createServer((req, res) => {
    (async () => {
      await run(securityHeaders, req, res);
      if (draining) res.setHeader("connection", "close");
      if (ops(req, res)) return;
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (path.startsWith(TRPC_PREFIX)) {
        await run(corsMiddleware, req, res);
        if (res.writableEnded) return; // CORS preflight answered
        trpc(req, res);
        return;
      }
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "not found" }));
    })().catch((error: unknown) => {
      options.logger.error("request handling failed", { error });
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "internal error" }));
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  return {
    server,
    async listen(port, host = "127.0.0.1") {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      return { port: address.port, url: `http://${address.address}:${address.port}` };
    },
    async close(graceMs = 10_000) {
      draining = true;
      await closeServer(server, graceMs);
    },
  };
}
