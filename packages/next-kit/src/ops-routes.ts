import "server-only";

import { metricsContentType, metricsText, readiness } from "@bazaar/observability";

import type { ServerDeps } from "./server-deps";

const noStore = { "cache-control": "no-store" };

/**
 * GET handlers for /health (liveness: the process answers), /ready (PostgreSQL and Redis answer within
 * the probe's timeout) and /metrics (prom-client text), the same contract the API server and workers
 * serve, so one probe configuration fits every process.
 */
export function createOpsRoutes({ service, getDeps }: { service: string; getDeps: () => ServerDeps }) {
  return {
    health: () => Response.json({ status: "ok", service }, { headers: noStore }),
    ready: async () => {
      const { db, redis } = getDeps();
      const report = await readiness({
        service,
        checks: {
          postgres: async () => {
            await db.$queryRaw`SELECT 1`;
          },
          redis: async () => {
            if (redis.status === "wait") await redis.connect();
            await redis.ping();
          },
        },
      });
      return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: noStore });
    },
    metrics: async () => new Response(await metricsText(), { headers: { ...noStore, "content-type": metricsContentType } }),
  };
}
