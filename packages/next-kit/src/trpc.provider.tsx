"use client";

import type { AppRouter } from "@bazaar/api";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, loggerLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";

import { createQueryClient } from "./query-client";
import { TRPC_ENDPOINT } from "./trpc-endpoint";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  // A server render gets a fresh client per request so no shopper sees another's cache. The browser
  // keeps one for the page's life: React may throw away state when the first render suspends, so a
  // useState-held client could be recreated and lose what was hydrated.
  if (typeof window === "undefined") return createQueryClient();
  return (browserQueryClient ??= createQueryClient());
}

export interface TRPCReactProviderProps {
  children: ReactNode;
  /**
   * Origin the app listens on, e.g. `http://127.0.0.1:3000`. Used only if a client component fetches
   * during the server render, where a relative URL cannot be resolved; the browser always calls its
   * own origin.
   */
  serverOrigin: string;
  /** Log every call in the browser console (development). Failed calls are always logged. */
  logAll?: boolean;
}

export function TRPCReactProvider({ children, serverOrigin, logAll = false }: TRPCReactProviderProps) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({
          enabled: (op) => logAll || (op.direction === "down" && op.result instanceof Error),
        }),
        httpBatchLink({
          transformer: superjson,
          url: (typeof window === "undefined" ? serverOrigin : "") + TRPC_ENDPOINT,
          headers: () => ({ "x-trpc-source": "nextjs-react" }),
        }),
      ],
    }),
  );

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
