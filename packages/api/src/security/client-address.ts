import { timingSafeEqual } from "node:crypto";
import { BlockList, isIP } from "node:net";

// Which address a request comes from decides its rate-limit and flagging buckets, so it must not be
// something the client can write. X-Forwarded-For is only believed hop by hop: starting from the socket's
// peer, each address that is a configured proxy hands over to the entry it appended, and the first
// address that is not a proxy is the client. A hop that has no socket to show (the Next apps, which call
// the API in process) vouches for the address it saw with VOUCHED_ADDRESS_HEADER, authenticated by the
// shared API_PROXY_SECRET in PROXY_SECRET_HEADER; without that, nothing in the headers is believed.

/** The client address a trusted hop (the Next apps) established itself. */
export const VOUCHED_ADDRESS_HEADER = "x-bazaar-client-address";
/** API_PROXY_SECRET, proving the vouched address comes from a hop that holds it. */
export const PROXY_SECRET_HEADER = "x-bazaar-proxy-secret";

export interface TrustedProxies {
  contains(address: string): boolean;
}

export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (isIP(address) === 0) throw new Error(`not an address or CIDR block: ${entry}`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return {
    contains(address) {
      const normalized = normalizeAddress(address);
      if (!normalized) return false;
      return list.check(normalized, isIP(normalized) === 6 ? "ipv6" : "ipv4");
    },
  };
}

/** `::ffff:127.0.0.1` → `127.0.0.1`; brackets and a port stripped; anything that is not an IP → null. */
export function normalizeAddress(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (value.toLowerCase().startsWith("::ffff:") && isIP(value.slice(7)) === 4) value = value.slice(7);
  return isIP(value) ? value.toLowerCase() : null;
}

function forwardedChain(headers: Headers): string[] {
  const raw = headers.get("x-forwarded-for");
  if (!raw) return [];
  return raw.split(",").map((part) => part.trim()).filter(Boolean);
}

/** Whether `headers` carry `secret` in PROXY_SECRET_HEADER (constant-time; an unset secret never matches). */
export function hasProxySecret(headers: Headers, secret: string | undefined): boolean {
  const presented = headers.get(PROXY_SECRET_HEADER);
  if (!secret || !presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The address a hop holding the proxy secret vouched for, or null. */
export function vouchedAddress(headers: Headers, secret: string | undefined): string | null {
  return hasProxySecret(headers, secret) ? normalizeAddress(headers.get(VOUCHED_ADDRESS_HEADER)) : null;
}

/**
 * The client's address. `peer` is the TCP peer when the adapter knows it (the standalone server), from
 * which X-Forwarded-For is walked past trusted proxies only. Without a peer (in-process callers such as
 * the Next apps) X-Forwarded-For proves nothing, since the browser may have written all of it: null,
 * unless the caller vouched for the address (see vouchedAddress, which createTRPCContext asks first).
 */
export function resolveClientAddress(peer: string | null | undefined, headers: Headers, proxies: TrustedProxies): string | null {
  if (peer === undefined || peer === null) return null;
  const chain = forwardedChain(headers);
  let current = normalizeAddress(peer);
  while (current && proxies.contains(current) && chain.length > 0) {
    const next = normalizeAddress(chain.pop());
    // A malformed hop means the chain cannot be trusted past this proxy: stop at the proxy itself.
    if (!next) break;
    current = next;
  }
  return current;
}
