import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";

import { mediaPublicBase } from "./images/env";
import { mediaImagesConfig } from "./images/remote-images";
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
  "@bazaar/storage",
];

/**
 * The next.config both apps share: compile the workspace packages, security headers on every response,
 * no `x-powered-by`, remote images only from the media origin (S3 renditions, packages/storage). Use as
 * `export default (phase) => bazaarNextConfig(phase)`.
 */
export function bazaarNextConfig(phase: string, overrides: NextConfig = {}): NextConfig {
  const media = mediaPublicBase();
  return {
    reactStrictMode: true,
    poweredByHeader: false,
    transpilePackages: WORKSPACE_PACKAGES,
    images: mediaImagesConfig(media),
    async headers() {
      return [{ source: "/:path*", headers: securityHeaders({ dev: phase === PHASE_DEVELOPMENT_SERVER, mediaOrigin: media.origin }) }];
    },
    ...overrides,
  };
}
