import "server-only";

import { appRouter, createTRPCContext, retryAfterResponseMeta } from "@bazaar/api/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import type { ServerDeps } from "./server-deps";
import { TRPC_ENDPOINT } from "./trpc-endpoint";

export interface TrpcRouteHandlerOptions {
  /** The process-wide database and Redis handles; called per request, so it must be cheap. */
  getDeps: () => ServerDeps;
}

/**
 * The App Router handler for `/api/trpc/*`. The context is built from the incoming request's headers so
 * the API sees the same cookies and authorization a direct call would. No CORS headers are sent: only
 * the app's own pages call this endpoint; integrators use the API server directly. Every call is
 * logged, timed and traced by the API's own middleware, so nothing is logged here.
 */
export function createTrpcRouteHandler({ getDeps }: TrpcRouteHandlerOptions) {
  return function handler(req: Request): Promise<Response> {
    return fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req,
      router: appRouter,
      // No socket here: the client address comes from X-Forwarded-For (Next's server writes the peer there).
      createContext: () => createTRPCContext({ headers: req.headers, ...getDeps() }),
      // A rate-limited call answers 429 with Retry-After, as it does on the API server.
      responseMeta: retryAfterResponseMeta,
    });
  };
}
