import "server-only";

import { env } from "../env";

/** The storefront's public origin (NEXTAUTH_URL, validated in env.ts): canonical URLs, sitemap, JSON-LD. */
export const siteOrigin = () => new URL(env.NEXTAUTH_URL).origin;

export const publicUrl = (path: string) => new URL(path, siteOrigin()).toString();
