/**
 * Response headers every page and route of both Next apps carries (wired in each next.config.ts).
 *
 * The CSP keeps everything same-origin except the media origin (object storage): browsers PUT uploads to
 * presigned URLs there and may load renditions from it; no third-party scripts, fonts or frames exist. `script-src` needs 'unsafe-inline' because the App Router streams its RSC payload as inline
 * <script> tags and a static header cannot name a per-request nonce; the rest of the policy still stops
 * loading code from anywhere else, framing, plugin content and form posts off-site. Development adds
 * 'unsafe-eval' (React's dev tooling rebuilds stacks with eval) and websockets for hot reload.
 */
export interface SecurityHeadersOptions {
  dev: boolean;
  /** Origin of the S3 media store (e.g. http://127.0.0.1:9000), allowed for images and uploads. */
  mediaOrigin?: string;
}

export interface HeaderEntry {
  key: string;
  value: string;
}

export function contentSecurityPolicy({ dev, mediaOrigin }: SecurityHeadersOptions): string {
  const media = mediaOrigin ? [mediaOrigin] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : [])],
    // React and Next set inline style attributes; stylesheets themselves come from our own origin.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...media],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...media, ...(dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "worker-src": ["'self'", "blob:"],
    "manifest-src": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

export function securityHeaders(options: SecurityHeadersOptions): HeaderEntry[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(options) },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    {
      key: "Permissions-Policy",
      value: "camera=(), microphone=(), geolocation=(), payment=(self), usb=()",
    },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    // Ignored by browsers over plain HTTP (local runs); binding once the apps are served over TLS.
    ...(options.dev ? [] : [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]),
  ];
}
