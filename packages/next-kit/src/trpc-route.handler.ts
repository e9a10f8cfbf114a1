import "server-only";

import { appRouter, createTRPCContext, retryAfterResponseMeta } from "@bazaar/api/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { clientAddressOf, forApi } from "./client-address";
import type { ServerDeps } from "./server-deps";
import { TRPC_ENDPOINT } from "./trpc-endpoint";

export interface TrpcRouteHandlerOptions {
  /** The process-wide database and Redis handles; called per request, so it must be cheap. */
  getDeps: () => ServerDeps;
  /**
   * Headers the API should see for this request, derived from its cookies: `authorization: Bearer` from
   * the next-auth session and, in the admin app, `x-tenant-id` from the tenant switcher
   * (BazaarAuth.apiHeadersForRequest). Headers the caller sent itself win.
   */
  apiHeaders?: (req: Request) => Promise<Record<string, string>>;
}

/**
 * Whether the request may act with the credentials its cookies carry. A page's own fetches send
 * `x-trpc-source` (a custom header no other site can add without a CORS preflight, which this endpoint
 * never grants), so a forged cross-site POST reaches the API anonymous; reads (GET) are harmless to
 * forge because another site cannot see the answer.
 */
function mayUseCookieCredentials(req: Request): boolean {
  if (req.headers.get("sec-fetch-site") === "cross-site") return false;
  return req.method === "GET" || req.headers.has("x-trpc-source");
}

/**
 * The App Router handler for `/api/trpc/*`. The context is built from the incoming request's headers plus
 * the bearer token of the signed-in user (from the session cookie), so the API authenticates the call
 * exactly as it would a direct one. No CORS headers are sent: only
 * the app's own pages call this endpoint; integrators use the API server directly. Every call is
 * logged, timed and traced by the API's own middleware, so nothing is logged here.
 */
export function createTrpcRouteHandler({ getDeps, apiHeaders }: TrpcRouteHandlerOptions) {
  return function handler(req: Request): Promise<Response> {
    return fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req,
      router: appRouter,
      // No socket here: the app vouches for the client address it established itself (client-address.ts).
      createContext: async () => {
        const headers = forApi(req.headers, clientAddressOf(req.headers));
        if (apiHeaders && mayUseCookieCredentials(req)) {
          for (const [name, value] of Object.entries(await apiHeaders(req))) if (!headers.has(name)) headers.set(name, value);
        }
        return createTRPCContext({ headers, ...getDeps() });
      },
      // A rate-limited call answers 429 with Retry-After, as it does on the API server.
      responseMeta: retryAfterResponseMeta,
    });
  };
}
