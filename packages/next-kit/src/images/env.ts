import { z } from "zod";

/**
 * Where media renditions are served from, as the Next config needs it (remotePatterns, CSP). The same
 * variables as @bazaar/storage's env, read here without pulling the S3 SDK into next.config. Read at
 * build time: `next build` bakes the image patterns and headers in, so build with the production values.
 */
const mediaOriginEnvSchema = z.object({
  S3_ENDPOINT: z.url().default("http://127.0.0.1:9000"),
  S3_BUCKET: z.string().min(3).default("bazaar-media"),
  S3_PUBLIC_URL: z.url().optional(),
});

/** The base URL of public media objects: S3_PUBLIC_URL, else S3_ENDPOINT/S3_BUCKET. */
export function mediaPublicBase(source: Record<string, string | undefined> = process.env): URL {
  const env = mediaOriginEnvSchema.parse(source);
  return new URL(env.S3_PUBLIC_URL ?? `${env.S3_ENDPOINT.replace(/\/+$/, "")}/${env.S3_BUCKET}`);
}
