import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";

/** Types an upload may have, judged by its bytes. SVG is left out on purpose: it can carry script. */
export const ACCEPTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/avif", "image/gif"] as const;
export type AcceptedImageType = (typeof ACCEPTED_IMAGE_TYPES)[number];

/**
 * The sizes every image is rendered to, all WebP. `thumb` is a square crop for lists and pickers; `card`
 * and `full` keep the aspect ratio and are never enlarged past the original.
 */
export const RENDITION_SPECS = [
  { name: "thumb", width: 160, height: 160, fit: "cover" },
  { name: "card", width: 480, height: 480, fit: "inside" },
  { name: "full", width: 1200, height: 1200, fit: "inside" },
] as const;
export type RenditionName = (typeof RENDITION_SPECS)[number]["name"];
export const RENDITION_NAMES = RENDITION_SPECS.map((s) => s.name) as RenditionName[];

/** A decoded image larger than this many pixels is refused: a small file can decode to gigabytes. */
export const MAX_INPUT_PIXELS = 40_000_000;

export interface RenderedImage {
  name: RenditionName;
  bytes: Buffer;
  width: number;
  height: number;
  contentType: "image/webp";
}

export interface DecodedImage {
  contentType: AcceptedImageType;
  width: number;
  height: number;
}

export type ImageCheck =
  | { ok: true; image: DecodedImage }
  | { ok: false; reason: "not_an_image" | "too_many_pixels"; detail: string };

const accepted = new Set<string>(ACCEPTED_IMAGE_TYPES);

/** The type the bytes really have (magic numbers), or null when it is not an image we accept. */
export async function detectImageType(bytes: Uint8Array): Promise<AcceptedImageType | null> {
  const type = await fileTypeFromBuffer(bytes);
  return type && accepted.has(type.mime) ? (type.mime as AcceptedImageType) : null;
}

/** Checks type by content and that sharp can decode the header within the pixel limit. */
export async function inspectImage(bytes: Uint8Array): Promise<ImageCheck> {
  const contentType = await detectImageType(bytes);
  if (!contentType) return { ok: false, reason: "not_an_image", detail: "the content is not a JPEG, PNG, WebP, AVIF or GIF image" };
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    // Dimensions as displayed: EXIF orientation 5-8 swaps width and height.
    const width = meta.autoOrient?.width ?? meta.width;
    const height = meta.autoOrient?.height ?? meta.height;
    if (!width || !height) return { ok: false, reason: "not_an_image", detail: "the image has no dimensions" };
    if (width * height > MAX_INPUT_PIXELS) {
      return { ok: false, reason: "too_many_pixels", detail: `${width}x${height} is more than ${MAX_INPUT_PIXELS} pixels` };
    }
    return { ok: true, image: { contentType, width, height } };
  } catch (error) {
    return { ok: false, reason: "not_an_image", detail: `the image cannot be decoded: ${(error as Error).message}` };
  }
}

/** Renders every RENDITION_SPECS size (EXIF-rotated, metadata stripped). Throws if the image is corrupt. */
export async function renderRenditions(bytes: Uint8Array): Promise<RenderedImage[]> {
  const out: RenderedImage[] = [];
  // One at a time: each resize already uses libvips' threads, and the machine has few cores.
  for (const spec of RENDITION_SPECS) {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
      .rotate()
      .resize({ width: spec.width, height: spec.height, fit: spec.fit, withoutEnlargement: spec.fit === "inside" })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    out.push({ name: spec.name, bytes: data, width: info.width, height: info.height, contentType: "image/webp" });
  }
  return out;
}
