// A small in-process cache of search answers, in front of OpenSearch (decision 0025). Identical requests
// that arrive while one is in flight share its answer (coalescing), and with a TTL the answer is reused
// for that long after it was asked for. A category or store page is the same request for every shopper,
// so at a few hundred requests a second this turns most of them into a map lookup. Not a read model:
// every entry expires (TTL), nothing outlives the process, and at most `maxEntries` are kept (the
// least recently used go first). A failed load is never kept: the next caller asks again.

export interface ResultCache<T> {
  /** The cached answer for `key`, or the one being loaded, or a new load through `load`. */
  get(key: string, load: () => Promise<T>): Promise<T>;
  readonly size: number;
  clear(): void;
}

export interface ResultCacheOptions {
  /** How long an answer is reused after its request was sent; 0 = only coalesce concurrent requests. */
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

interface Entry<T> {
  /** When the request that produced `value` was sent: staleness is bounded by the TTL from then. */
  at: number;
  value?: T;
  pending?: Promise<T>;
}

export function createResultCache<T>({ ttlMs, maxEntries, now = () => performance.now() }: ResultCacheOptions): ResultCache<T> {
  const entries = new Map<string, Entry<T>>();
  const touch = (key: string, entry: Entry<T>) => {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };
  return {
    get(key, load) {
      const hit = entries.get(key);
      if (hit?.pending) return hit.pending;
      if (hit && "value" in hit && now() - hit.at < ttlMs) {
        touch(key, hit);
        return Promise.resolve(hit.value as T);
      }
      const entry: Entry<T> = { at: now() };
      entry.pending = load().then(
        (value) => {
          delete entry.pending;
          if (ttlMs > 0 && entries.get(key) === entry) entry.value = value;
          else if (entries.get(key) === entry) entries.delete(key);
          return value;
        },
        (error: unknown) => {
          if (entries.get(key) === entry) entries.delete(key);
          throw error;
        },
      );
      touch(key, entry);
      return entry.pending;
    },
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
  };
}
