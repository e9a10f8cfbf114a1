import { BlockList, isIP } from "node:net";

// Which address a request comes from decides its rate-limit and flagging buckets, so it must not be
// something the client can write. X-Forwarded-For is only believed hop by hop: starting from the socket's
// peer, each address that is a configured proxy hands over to the entry it appended, and the first
// address that is not a proxy is the client.

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

/**
 * The client's address. `peer` is the TCP peer when the adapter knows it (the standalone server). Without
 * one (Next's fetch handler, in-process callers) the right-most X-Forwarded-For entry stands in for it:
 * Next's own server writes the socket address there when the request has none, and a proxy in front
 * appends its peer. Returns null when nothing usable is known.
 */
export function resolveClientAddress(peer: string | null | undefined, headers: Headers, proxies: TrustedProxies): string | null {
  const chain = forwardedChain(headers);
  let current = peer === undefined || peer === null ? normalizeAddress(chain.pop()) : normalizeAddress(peer);
  while (current && proxies.contains(current) && chain.length > 0) {
    const next = normalizeAddress(chain.pop());
    // A malformed hop means the chain cannot be trusted past this proxy: stop at the proxy itself.
    if (!next) break;
    current = next;
  }
  return current;
}
