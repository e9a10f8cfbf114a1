// Helpers for tests that upload images (this package's and packages/api's media tests).
import sharp from "sharp";
import type { PresignedPut } from "./object-store";

/** A real image of the given size: a colour gradient, so encoders cannot shrink it to nothing. */
export async function makeTestImage(width: number, height: number, format: "png" | "jpeg" = "png"): Promise<Buffer> {
  const channels = 3;
  const pixels = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      pixels[i] = (x * 255) / Math.max(1, width - 1);
      pixels[i + 1] = (y * 255) / Math.max(1, height - 1);
      pixels[i + 2] = 128;
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels } });
  return format === "png" ? image.png().toBuffer() : image.jpeg({ quality: 85 }).toBuffer();
}

/** Does what a browser does with a presigned upload: one PUT with exactly the signed headers. */
export async function uploadToPresigned(presigned: PresignedPut, body: Uint8Array, headers: Record<string, string> = presigned.headers): Promise<Response> {
  const { "content-length": _length, ...rest } = headers; // fetch computes Content-Length from the body itself
  return fetch(presigned.url, { method: presigned.method, headers: rest, body: Buffer.from(body) });
}
