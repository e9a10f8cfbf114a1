/**
 * A `callbackUrl` from the query string, if it is a path on this site; anything else (absolute URLs,
 * protocol-relative `//host`, backslash tricks) becomes the fallback, so sign-in never redirects away.
 */
export function safeCallbackPath(value: string | string[] | undefined, fallback: string): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\")) return fallback;
  try {
    const url = new URL(candidate, "http://bazaar.invalid");
    return url.origin === "http://bazaar.invalid" ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}

/** The sign-in page's URL that comes back to `path` afterwards. */
export function signInPathFor(signInPath: string, path: string): string {
  return `${signInPath}?${new URLSearchParams({ callbackUrl: path })}`;
}
