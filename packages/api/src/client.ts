import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "./root";

export interface BazaarClientOptions {
  /** The tRPC endpoint, e.g. `http://127.0.0.1:4000/trpc`. */
  url: string;
  /** Sent with every batch: `authorization`, `x-tenant-id`, `x-request-id`... */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  fetch?: typeof globalThis.fetch;
}

/** A fully typed client for Node or the browser, against a running Bazaar API. */
export function createBazaarClient(options: BazaarClientOptions): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: options.url,
        transformer: superjson,
        headers: options.headers ?? {},
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

export type { AppRouter, RouterInputs, RouterOutputs } from "./index";
export { TRPCClientError } from "@trpc/client";
