export { storageEnv, storageEnvSchema, type StorageEnv } from "./env";
export {
  ObjectStore,
  ObjectStoreError,
  objectStoreConfigFromEnv,
  type ObjectInfo,
  type ObjectStoreConfig,
  type PresignedPut,
  type PutOptions,
} from "./object-store";
export {
  ACCEPTED_IMAGE_TYPES,
  MAX_INPUT_PIXELS,
  RENDITION_NAMES,
  RENDITION_SPECS,
  detectImageType,
  inspectImage,
  renderRenditions,
  type AcceptedImageType,
  type RenditionName,
} from "./image-renditions";
export { mediaKeys, processUploadedImage, type ProcessedImage, type Rendition, type Renditions } from "./media-pipeline";

import { objectStoreConfigFromEnv, ObjectStore } from "./object-store";

let defaultStore: ObjectStore | undefined;
/** The process's store for S3_BUCKET, built from the validated environment on first use. */
export function defaultObjectStore(): ObjectStore {
  defaultStore ??= new ObjectStore(objectStoreConfigFromEnv());
  return defaultStore;
}
