// A guest's cart lives in Redis; the browser keeps its id and secret token in one cookie. The browser's
// tRPC calls send the token in their input, so the cookie is readable by script (not HttpOnly); it is
// first-party, SameSite=Lax, Secure on https, and lasts as long as the API keeps an untouched cart
// (CART_TTL_SECONDS, 7 days by default). Decision 0026.

export const CART_COOKIE = "bazaar_cart";
const MAX_AGE_SECONDS = 7 * 86_400;

export interface GuestCartRef {
  cartId: string;
  token: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{16,100}$/;

/** The cookie's value as written by `cartCookieValue`; anything else (tampered, truncated) is no cart. */
export function parseCartCookie(value: string | undefined): GuestCartRef | null {
  if (!value) return null;
  const [cartId, token, extra] = decodeURIComponent(value).split(".");
  if (extra !== undefined || !cartId || !token || !UUID.test(cartId) || !TOKEN.test(token)) return null;
  return { cartId, token };
}

export function cartCookieValue(ref: GuestCartRef): string {
  return `${ref.cartId}.${ref.token}`;
}

// Components read the cookie through useSyncExternalStore: its raw value is the snapshot (a string, so
// React compares it cheaply) and every write here tells the subscribed components.
const listeners = new Set<() => void>();

export function subscribeCartCookie(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The cookie's raw value in the browser ("" when absent). */
export function cartCookieSnapshot(): string {
  const match = document.cookie.split("; ").find((c) => c.startsWith(`${CART_COOKIE}=`));
  return match?.slice(CART_COOKIE.length + 1) ?? "";
}

export function writeCartCookie(ref: GuestCartRef): void {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${CART_COOKIE}=${encodeURIComponent(cartCookieValue(ref))}; Path=/; Max-Age=${MAX_AGE_SECONDS}; SameSite=Lax${secure}`;
  for (const listener of listeners) listener();
}

export function clearCartCookie(): void {
  document.cookie = `${CART_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
  for (const listener of listeners) listener();
}
