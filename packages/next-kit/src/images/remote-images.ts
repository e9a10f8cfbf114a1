import type { NextConfig } from "next";

type ImagesConfig = NonNullable<NextConfig["images"]>;
type RemotePattern = Exclude<NonNullable<ImagesConfig["remotePatterns"]>[number], URL>;

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])$/;

/**
 * next/image settings for media renditions (packages/storage): only `<base>/media/**` of the one media
 * origin may be optimised. Next 16 refuses to fetch images from private and loopback addresses unless
 * told otherwise; that is allowed only when the media origin itself is loopback (the local S3 server),
 * so a production build pointing at a CDN keeps the protection.
 */
export function mediaImagesConfig(base: URL): Pick<ImagesConfig, "remotePatterns" | "dangerouslyAllowLocalIP"> {
  const pattern: RemotePattern = {
    protocol: base.protocol === "https:" ? "https" : "http",
    hostname: base.hostname,
    port: base.port,
    pathname: `${base.pathname.replace(/\/+$/, "")}/media/**`,
  };
  return { remotePatterns: [pattern], dangerouslyAllowLocalIP: LOOPBACK.test(base.hostname) };
}
