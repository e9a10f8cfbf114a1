// Custom domains: a request whose Host is a store's verified domain is served that store's page. The
// answer (`stores.resolveHost`, a database read) is kept briefly in this process's memory, so the proxy
// costs one lookup per host per TTL rather than one per request; a domain verified or removed takes
// effect within the TTL. Negative answers are kept for a shorter time than positive ones.

export interface StoreHostCacheOptions {
  /** The store slug for a host, or null when no verified domain matches. Throws when it cannot tell. */
  lookup: (host: string) => Promise<string | null>;
  ttlMs?: number;
  negativeTtlMs?: number;
  /** Entries kept at most (oldest evicted first): Host is a header anyone can set. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  slug: string | null;
  expiresAt: number;
}

export function createStoreHostCache({ lookup, ttlMs = 60_000, negativeTtlMs = 15_000, maxEntries = 1_000, now = Date.now }: StoreHostCacheOptions) {
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<string | null>>();

  async function resolve(host: string): Promise<string | null> {
    const key = host.toLowerCase();
    const hit = entries.get(key);
    if (hit && hit.expiresAt > now()) return hit.slug;
    const pending = inFlight.get(key);
    if (pending) return pending;
    const asked = lookup(key)
      .then((slug) => {
        entries.delete(key);
        if (entries.size >= maxEntries) {
          const oldest = entries.keys().next().value;
          if (oldest !== undefined) entries.delete(oldest);
        }
        entries.set(key, { slug, expiresAt: now() + (slug ? ttlMs : negativeTtlMs) });
        return slug;
      })
      // A failed lookup is not remembered: the next request asks again, and this one is served as is.
      .catch(() => null)
      .finally(() => inFlight.delete(key));
    inFlight.set(key, asked);
    return asked;
  }

  return { resolve, size: () => entries.size };
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The host name without its port, lower-case; null for what can never be a store's domain. */
export function customHostOf(hostHeader: string | null, ownHosts: readonly string[]): string | null {
  if (!hostHeader) return null;
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith("[")) return null; // an IPv6 literal
  const name = host.replace(/:\d+$/, "").replace(/\.$/, "");
  if (!name || name.length > 253 || IPV4.test(name) || name === "localhost" || !name.includes(".")) return null;
  if (ownHosts.some((own) => name === own || name.endsWith(`.${own}`))) return null;
  return name;
}
