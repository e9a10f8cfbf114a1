import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import type { Db } from "@bazaar/db";
import { closeServer, createOpsHandler, type Logger, type ReadinessCheck } from "@bazaar/observability";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import cors from "cors";
import helmet from "helmet";
import type { Redis } from "ioredis";
import type { PaymentProvider, ProviderName } from "@bazaar/payments";
import { dependencyChecks } from "../health/checks";
import { receiveWebhook } from "../payments/webhook-intake.handler";
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
  /** Providers whose webhooks POST /webhooks/<provider> accepts; an absent provider answers 404. */
  paymentProviders?: Partial<Record<ProviderName, PaymentProvider>>;
}

export interface ApiServer {
  readonly server: Server;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  /** Stops accepting, reports not-ready, lets in-flight requests finish for up to `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

const TRPC_PREFIX = "/trpc/";
const WEBHOOK_ROUTE = /^\/webhooks\/([a-z]{1,32})$/;

class BodyTooLargeError extends Error {}

/** The exact bytes received: signatures are computed over them, never over re-serialized JSON. */
function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError());
        req.resume();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

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
      const webhook = WEBHOOK_ROUTE.exec(path);
      if (webhook) {
        // Server-to-server: no CORS, no cookies, no tRPC. Only POST with the provider's signature.
        if (req.method !== "POST") return sendJson(res, 405, { error: "method not allowed" });
        let raw: Buffer;
        try {
          raw = await readRawBody(req, options.maxBodyBytes ?? 1_048_576);
        } catch (error) {
          if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: "payload too large" });
          throw error;
        }
        const answer = await receiveWebhook({ db: options.db, providers: options.paymentProviders ?? {} }, webhook[1]!, raw, req.headers);
        if (answer.status >= 400) options.logger.warn("payment webhook refused", { provider: webhook[1], status: answer.status, ...answer.body });
        return sendJson(res, answer.status, answer.body);
      }
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
