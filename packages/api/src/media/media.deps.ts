import { defaultObjectStore, storageEnv, type ObjectStore } from "@bazaar/storage";

/** What the media service needs besides the database. */
export interface MediaDeps {
  store: ObjectStore;
  maxBytes: number;
  uploadUrlTtlSeconds: number;
}

let deps: MediaDeps | undefined;
/** The process's media dependencies from the validated environment (S3_*, MEDIA_*), built on first use. */
export function mediaDeps(): MediaDeps {
  const env = storageEnv();
  deps ??= { store: defaultObjectStore(), maxBytes: env.MEDIA_MAX_UPLOAD_BYTES, uploadUrlTtlSeconds: env.MEDIA_UPLOAD_URL_TTL_SECONDS };
  return deps;
}
