import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { storageEnv, type StorageEnv } from "./env";

export interface ObjectStoreConfig {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  forcePathStyle?: boolean;
  /** Base URL of public objects; default `${endpoint}/${bucket}`. */
  publicUrl?: string;
}

export interface PutOptions {
  contentType: string;
  /** Readable without credentials at publicUrl(key) (image renditions). Default: private. */
  publicRead?: boolean;
  cacheControl?: string;
  metadata?: Record<string, string>;
}

export interface ObjectInfo {
  key: string;
  size: number;
  contentType: string | null;
  lastModified: Date | null;
}

export interface PresignedPut {
  url: string;
  method: "PUT";
  /** Headers the uploader must send exactly as given: they are part of the signature. */
  headers: Record<string, string>;
  expiresAt: Date;
}

/** Something the store answered that is not "missing": network failures, auth errors, a full disk. */
export class ObjectStoreError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = "ObjectStoreError";
  }
}

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404);

/**
 * One bucket of an S3-compatible store. Generic on purpose: images use it through media-pipeline.ts,
 * and the data-lake archive will write and list its partitions through the same calls.
 */
export class ObjectStore {
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly publicBase: string;

  constructor(config: ObjectStoreConfig) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle ?? true,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // Otherwise the SDK puts a CRC32 of the empty body into presigned PUT URLs, which strict servers
      // then hold the real upload against (docs/decisions/0007).
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 3,
    });
    this.publicBase = (config.publicUrl ?? `${config.endpoint.replace(/\/+$/, "")}/${config.bucket}`).replace(/\/+$/, "");
  }

  /** Creates the bucket when it is missing; safe to call at every start. */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (error) {
      if (!isMissing(error)) throw new ObjectStoreError(`cannot reach bucket ${this.bucket}`, error);
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === "BucketAlreadyOwnedByYou" || error.name === "BucketAlreadyExists")) return;
      throw new ObjectStoreError(`cannot create bucket ${this.bucket}`, error);
    }
  }

  /** Removes the bucket, which must be empty (scratch buckets of tests and tools). */
  async deleteBucket(): Promise<void> {
    await this.call(`delete bucket ${this.bucket}`, () => this.client.send(new DeleteBucketCommand({ Bucket: this.bucket })));
  }

  /** Resolves when the bucket answers; for readiness checks. */
  async ping(): Promise<void> {
    await this.call(`reach bucket ${this.bucket}`, () => this.client.send(new HeadBucketCommand({ Bucket: this.bucket })));
  }

  async putObject(key: string, body: Uint8Array | string, options: PutOptions): Promise<void> {
    await this.call(`put ${key}`, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: options.contentType,
          CacheControl: options.cacheControl,
          Metadata: options.metadata,
          ACL: options.publicRead ? "public-read" : undefined,
        }),
      ),
    );
  }

  /** The object's bytes, or null when there is no such key. Reads at most `maxBytes` (default: all). */
  async getObject(key: string, options: { maxBytes?: number } = {}): Promise<Uint8Array | null> {
    try {
      const range = options.maxBytes === undefined ? undefined : `bytes=0-${options.maxBytes - 1}`;
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range }));
      return result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isMissing(error)) return null;
      throw new ObjectStoreError(`cannot read ${key}`, error);
    }
  }

  async headObject(key: string): Promise<ObjectInfo | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, size: head.ContentLength ?? 0, contentType: head.ContentType ?? null, lastModified: head.LastModified ?? null };
    } catch (error) {
      if (isMissing(error)) return null;
      throw new ObjectStoreError(`cannot stat ${key}`, error);
    }
  }

  /** Deleting a missing key succeeds (S3 semantics), so cleanups can be retried. */
  async deleteObject(key: string): Promise<void> {
    await this.call(`delete ${key}`, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  /** Copy then delete: S3 has no rename. */
  async moveObject(from: string, to: string): Promise<void> {
    await this.call(`copy ${from} to ${to}`, () =>
      this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: `${this.bucket}/${encodeKeyPath(from)}` })),
    );
    await this.deleteObject(from);
  }

  /** Every object under `prefix`, page by page (1000 keys a request). */
  async *listObjects(prefix: string): AsyncGenerator<ObjectInfo> {
    let token: string | undefined;
    do {
      const page = await this.call(`list ${prefix}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key) yield { key: item.Key, size: item.Size ?? 0, contentType: null, lastModified: item.LastModified ?? null };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /**
   * A URL that accepts one PUT of exactly `contentLength` bytes of `contentType` until it expires: both
   * headers are signed, so the store refuses any other size or type before keeping a byte.
   */
  async presignPut(key: string, options: { contentType: string; contentLength: number; expiresInSeconds: number }): Promise<PresignedPut> {
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: options.contentType, ContentLength: options.contentLength });
    const url = await getSignedUrl(this.client, command, {
      expiresIn: options.expiresInSeconds,
      signableHeaders: new Set(["content-type", "content-length"]),
    });
    return {
      url,
      method: "PUT",
      headers: { "content-type": options.contentType, "content-length": String(options.contentLength) },
      expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000),
    };
  }

  /** Where a publicRead object is served from (no credentials). */
  publicUrl(key: string): string {
    return `${this.publicBase}/${encodeKeyPath(key)}`;
  }

  destroy(): void {
    this.client.destroy();
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new ObjectStoreError(`object store: cannot ${what}`, error);
    }
  }
}

function encodeKeyPath(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

export function objectStoreConfigFromEnv(env: StorageEnv = storageEnv()): ObjectStoreConfig {
  return {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    bucket: env.S3_BUCKET,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    publicUrl: env.S3_PUBLIC_URL,
  };
}
