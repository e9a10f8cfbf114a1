import { baseEnvSchema, parseEnv } from "@bazaar/config";
import { z } from "zod";

const MIB = 1024 * 1024;

export const storageEnvSchema = baseEnvSchema.pick({ NODE_ENV: true }).extend({
  /** Any S3-compatible endpoint; locally S3Proxy from `infra up` (infra/lib/s3.sh). */
  S3_ENDPOINT: z.url().default("http://127.0.0.1:9000"),
  S3_REGION: z.string().min(1).default("us-east-1"),
  /** Fixed development values locally (the server listens on loopback only); real keys elsewhere. */
  S3_ACCESS_KEY_ID: z.string().min(1).default("bazaar-local"),
  S3_SECRET_ACCESS_KEY: z.string().min(1).default("bazaar-local-secret"),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name (3-63 lower-case letters, digits, dots, dashes)")
    .default("bazaar-media"),
  /** Path-style URLs (http://host/bucket/key): what S3Proxy and most self-hosted stores expect. */
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** Where browsers load public objects from; default S3_ENDPOINT/S3_BUCKET. A CDN origin in production. */
  S3_PUBLIC_URL: z.url().optional(),
  /** Largest original accepted for an image upload (the presigned URL signs the exact length). */
  MEDIA_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).max(100 * MIB).default(10 * MIB),
  /** How long a presigned upload URL stays valid. */
  MEDIA_UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(30).max(7 * 24 * 3600).default(600),
});

export type StorageEnv = z.infer<typeof storageEnvSchema>;

let cached: StorageEnv | undefined;
export function storageEnv(): StorageEnv {
  cached ??= parseEnv(storageEnvSchema, process.env);
  return cached;
}
