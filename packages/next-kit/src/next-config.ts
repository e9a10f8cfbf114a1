import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";

import { securityHeaders } from "./security-headers";

/** Workspace packages ship TypeScript source; Next compiles them with the app. */
const WORKSPACE_PACKAGES = [
  "@bazaar/api",
  "@bazaar/config",
  "@bazaar/db",
  "@bazaar/events",
  "@bazaar/next-kit",
  "@bazaar/notifications",
  "@bazaar/observability",
];

/**
 * The next.config both apps share: compile the workspace packages, security headers on every response,
 * no `x-powered-by`, no remote images. Use as `export default (phase) => bazaarNextConfig(phase)`.
 */
export function bazaarNextConfig(phase: string, overrides: NextConfig = {}): NextConfig {
  return {
    reactStrictMode: true,
    poweredByHeader: false,
    transpilePackages: WORKSPACE_PACKAGES,
    images: { remotePatterns: [] },
    async headers() {
      return [{ source: "/:path*", headers: securityHeaders({ dev: phase === PHASE_DEVELOPMENT_SERVER }) }];
    },
    ...overrides,
  };
}
