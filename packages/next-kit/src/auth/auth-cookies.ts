import type { CookiesOptions } from "next-auth";

/** A cookie as next/headers, NextRequest and our header parser list them. */
export interface CookieLike {
  name: string;
  value: string;
}

/**
 * A random id per browser, readable by the page so sign-up can send it: the API's flagging rules count
 * sign-ups and failed sign-ins per device. Not a secret and not an authenticator.
 */
export const DEVICE_COOKIE = "bazaar-device";

/**
 * next-auth's cookie names with the app in them. Cookies do not look at ports, so on one development
 * host the storefront (3000) and the admin app (3001) would otherwise overwrite each other's session.
 * With `secure`, the `__Secure-`/`__Host-` prefixes make the browser refuse them over plain http.
 */
export function authCookies(app: string, secure: boolean) {
  const prefix = secure ? "__Secure-" : "";
  const base = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  const sessionTokenName = `${prefix}bazaar-${app}.session-token`;
  const nextAuth: Partial<CookiesOptions> = {
    sessionToken: { name: sessionTokenName, options: base },
    callbackUrl: { name: `${prefix}bazaar-${app}.callback-url`, options: base },
    csrfToken: { name: `${secure ? "__Host-" : ""}bazaar-${app}.csrf-token`, options: base },
  };
  return { sessionTokenName, nextAuth };
}

/** The session JWT, joined from its chunks (`name.0`, `name.1`, ...) when next-auth had to split it. */
export function sessionTokenFrom(source: readonly CookieLike[], name: string): string | null {
  const whole = source.find((c) => c.name === name);
  if (whole) return whole.value;
  const chunks = source
    .filter((c) => c.name.startsWith(`${name}.`) && /^\d+$/.test(c.name.slice(name.length + 1)))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  return chunks.length ? chunks.map((c) => c.value).join("") : null;
}

export function parseCookieHeader(header: string): CookieLike[] {
  const out: CookieLike[] = [];
  for (const part of header.split(";").map((p) => p.trim())) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out.push({ name, value: decodeURIComponent(raw) });
    } catch {
      out.push({ name, value: raw });
    }
  }
  return out;
}

/**
 * A request's Cookie header with every chunk of `name` replaced by what the Set-Cookie lines say: new
 * values in, cleared ones (Max-Age=0, expired, empty) out. Other cookies are kept as they were.
 */
export function applySetCookies(header: string, name: string, setCookies: readonly string[], now = Date.now()): string {
  const chunk = new RegExp(`^${escapeRegExp(name)}(\\.\\d+)?=`);
  const ours = setCookies.filter((line) => chunk.test(line.trim()));
  if (ours.length === 0) return header;
  const kept = header
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p && !chunk.test(p));
  for (const line of ours) {
    const [pair = "", ...attributes] = line.split(";").map((p) => p.trim());
    const cleared = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= now));
    if (!cleared && pair.slice(pair.indexOf("=") + 1)) kept.push(pair);
  }
  return kept.join("; ");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
