import { DomainError } from "../errors";

/** The uploaded bytes are not an image we accept (whatever the file name or declared type said). */
export class NotAnImageError extends DomainError {
  constructor(assetId: string, detail: string) {
    super("UNPROCESSABLE_CONTENT", "the file is not a JPEG, PNG, WebP, AVIF or GIF image", { reason: "not_an_image", assetId, detail });
    this.name = "NotAnImageError";
  }
}

/** More bytes (or, decoded, more pixels) than the cap. */
export class ImageTooLargeError extends DomainError {
  constructor(details: { maxBytes: number; assetId?: string; size?: number; detail?: string }) {
    super("PAYLOAD_TOO_LARGE", `the image is larger than ${details.maxBytes} bytes or too many pixels`, { reason: "too_large", ...details });
    this.name = "ImageTooLargeError";
  }
}

/** confirmUpload before the PUT to the presigned URL succeeded. */
export class UploadMissingError extends DomainError {
  constructor(assetId: string) {
    super("PRECONDITION_FAILED", "nothing has been uploaded for this asset yet", { reason: "not_uploaded", assetId });
    this.name = "UploadMissingError";
  }
}
