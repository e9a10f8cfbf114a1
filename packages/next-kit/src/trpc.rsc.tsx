import "server-only";

import type { AppRouter } from "@bazaar/api";
import { appRouter, createCaller, createTRPCContext } from "@bazaar/api/server";
import { dehydrate, HydrationBoundary, type FetchQueryOptions, type QueryKey } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { connection } from "next/server";
import { cache, type ReactNode } from "react";

import { clientAddressOf, forApi } from "./client-address";
import { createQueryClient } from "./query-client";
import type { ServerDeps } from "./server-deps";

/**
 * tRPC for React Server Components: the router is called in-process (no HTTP hop), and what a server
 * component prefetches lands in the request's QueryClient, which `HydrateClient` hands to the client
 * components below it, so they render with data instead of fetching it again.
 *
 * Call once at module scope in the app's `src/trpc/server.tsx`: React's `cache` scopes every helper to
 * one request.
 */
export interface RscTrpcOptions {
  /** Headers for the API from the request's cookies: the session's bearer token, the chosen tenant. */
  apiHeaders?: () => Promise<Record<string, string>>;
}

export function createRscTrpc(getDeps: () => ServerDeps, { apiHeaders }: RscTrpcOptions = {}) {
  const createContext = cache(async () => {
    const incoming = await headers();
    const heads = forApi(new Headers(incoming), clientAddressOf(new Headers(incoming)));
    heads.set("x-trpc-source", "rsc");
    // A server component renders for the signed-in user only through the cookie; an authorization header
    // on a page request is not ours to honour.
    heads.delete("authorization");
    if (apiHeaders) for (const [name, value] of Object.entries(await apiHeaders())) heads.set(name, value);
    return createTRPCContext({ headers: heads, ...getDeps() });
  });

  const getQueryClient = cache(createQueryClient);

  const trpc = createTRPCOptionsProxy<AppRouter>({
    router: appRouter,
    ctx: createContext,
    queryClient: getQueryClient,
  });

  /** A caller for data a server component needs itself and that no client component will reuse. */
  const getCaller = cache(async () => createCaller(await createContext()));

  /**
   * Hands the request's cache to the client components inside. What it carries is per-request data, so
   * it opts the page out of build-time prerendering: otherwise a page that only prefetches (never
   * awaiting a dynamic API itself) would be prerendered with the prefetch failing for lack of a request.
   */
  async function HydrateClient({ children }: { children: ReactNode }) {
    await connection();
    return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
  }

  /** Start a query without awaiting it; the pending promise streams to the client component using it. */
  function prefetch<TQueryFnData, TError, TData, TQueryKey extends QueryKey>(
    queryOptions: FetchQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
  ): void {
    void getQueryClient().prefetchQuery(queryOptions);
  }

  return { trpc, getQueryClient, getCaller, HydrateClient, prefetch };
}
