import { domainToASCII } from "node:url";
import { isIP } from "node:net";

// One spelling per host name: lower-case ASCII, internationalised names in punycode (xn--), no trailing
// dot. The database's CHECK (migration 20261201090000) holds the same shape.

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Names that never resolve on the public internet, so a TXT record there proves nothing. */
const RESERVED_SUFFIXES = ["localhost", "local", "internal", "arpa", "invalid", "home.arpa"];

export type HostnameProblem = "malformed" | "ip-address" | "reserved";

/** The canonical form of `raw`, or why it cannot be a custom domain. */
export function normalizeHostname(raw: string): { ok: true; hostname: string } | { ok: false; problem: HostnameProblem } {
  const trimmed = raw.trim().replace(/\.$/, "");
  if (trimmed.length === 0 || trimmed.length > 253) return { ok: false, problem: "malformed" };
  if (isIP(trimmed) !== 0 || isIP(trimmed.replace(/^\[|\]$/g, "")) !== 0) return { ok: false, problem: "ip-address" };
  // Letters of any script, digits, dots and dashes: a scheme, path, port or underscore is not a host name
  // (domainToASCII would quietly drop or accept some of them).
  if (/[^\p{L}\p{M}\p{N}.-]/u.test(trimmed)) return { ok: false, problem: "malformed" };
  // domainToASCII applies UTS #46 (lower-casing, punycode); it answers "" for what is not a domain.
  const ascii = domainToASCII(trimmed);
  if (!ascii || ascii.length > 253) return { ok: false, problem: "malformed" };
  const labels = ascii.split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !TLD.test(labels.at(-1)!)) return { ok: false, problem: "malformed" };
  if (RESERVED_SUFFIXES.some((s) => isUnder(ascii, s))) return { ok: false, problem: "reserved" };
  return { ok: true, hostname: ascii };
}

/** Whether `hostname` is `parent` or a name under it. */
export function isUnder(hostname: string, parent: string): boolean {
  return hostname === parent || hostname.endsWith(`.${parent}`);
}

/** The Host header's name without its port (`shop.example.com:443`, `[::1]:3000`). */
export function hostWithoutPort(host: string): string {
  const h = host.trim();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1 || undefined);
  const colon = h.lastIndexOf(":");
  return colon > 0 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

/** Where the seller publishes the proof, and what it must say. */
export function verificationRecord(hostname: string, token: string) {
  return { type: "TXT" as const, name: `_bazaar-verify.${hostname}`, value: `bazaar-verify=${token}` };
}
