import { Client } from "@opensearch-project/opensearch";
import CircuitBreaker from "opossum";
import { DomainError, ServiceUnavailableError } from "../errors";
import { searchEnv } from "./search.env";

/**
 * OpenSearch behind a circuit breaker. Every request has a timeout and no client-side retries, so an
 * outage costs one timeout per request until the breaker opens and then answers SERVICE_UNAVAILABLE at
 * once; after `resetMs` one trial request decides whether it closes again. A 4xx answer is the query's
 * fault, not the cluster's, and does not count against the breaker.
 */
export interface SearchBackend {
  readonly client: Client;
  /** Index and alias names start with it. */
  readonly prefix: string;
  /** Runs `call` through the breaker; any outage becomes ServiceUnavailableError. */
  guarded<T>(call: (client: Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface SearchBackendOptions {
  url?: string;
  prefix?: string;
  timeoutMs?: number;
  resetMs?: number;
}

function statusOf(error: unknown): number | undefined {
  const e = error as { meta?: { statusCode?: number }; statusCode?: number } | null;
  return e?.meta?.statusCode ?? e?.statusCode;
}

/** A response the cluster gave on purpose (bad query, missing index): not an outage. */
export function isClientError(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

export function createSearchBackend(options: SearchBackendOptions = {}): SearchBackend {
  const env = searchEnv();
  const timeoutMs = options.timeoutMs ?? env.SEARCH_TIMEOUT_MS;
  const client = new Client({ node: options.url ?? env.OPENSEARCH_URL, requestTimeout: timeoutMs, maxRetries: 0 });
  const breaker = new CircuitBreaker(async (call: (c: Client) => Promise<unknown>) => call(client), {
    // A little over the client's own timeout: the client's error is the better message.
    timeout: timeoutMs + 250,
    resetTimeout: options.resetMs ?? env.SEARCH_BREAKER_RESET_MS,
    errorThresholdPercentage: 50,
    volumeThreshold: 3,
    rollingCountTimeout: 10_000,
    errorFilter: (error: unknown) => isClientError(error),
  });
  return {
    client,
    prefix: options.prefix ?? env.SEARCH_INDEX_PREFIX,
    async guarded<T>(call: (c: Client) => Promise<T>): Promise<T> {
      try {
        return (await breaker.fire(call)) as T;
      } catch (error) {
        // A query the cluster refused is ours to fix, but still not the client's 500.
        if (isClientError(error)) throw new DomainError("BAD_REQUEST", "the search could not be run", { status: statusOf(error) });
        const code = (error as { code?: string }).code;
        throw new ServiceUnavailableError("search", { reason: code === "EOPENBREAKER" ? "circuit-open" : code === "ETIMEDOUT" ? "timeout" : "unreachable" });
      }
    },
    async close() {
      breaker.shutdown();
      await client.close();
    },
  };
}

type SearchBody = NonNullable<Parameters<Client["search"]>[0]>["body"];

/** A search with a body we built ourselves (search-query.ts); its answer is read through our own types. */
export async function rawSearch<T>(client: Client, index: string, body: Record<string, unknown>, requestCache = false): Promise<{ statusCode: number | null; body: T }> {
  const res = await client.search({ index, body: body as SearchBody, ...(requestCache ? { request_cache: true } : {}) }, { ignore: [404] });
  return { statusCode: res.statusCode, body: res.body as unknown as T };
}

let current: SearchBackend | undefined;

/** The process's backend, built from the environment on first use. */
export function searchBackend(): SearchBackend {
  current ??= createSearchBackend();
  return current;
}

/**
 * Replaces the process's backend (an embedding server with its own cluster, or a test with its own
 * index prefix or an unreachable address); returns the previous one so it can be put back.
 */
export function useSearchBackend(backend: SearchBackend | undefined): SearchBackend | undefined {
  const previous = current;
  current = backend;
  return previous;
}
