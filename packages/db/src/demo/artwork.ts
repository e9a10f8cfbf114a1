import sharp from "sharp";
import { prng } from "./prng";

// Placeholder artwork for demo products and stores: a diagonal gradient in colours derived from the name,
// with its initials. Deterministic, so a re-seed renders the same bytes.

function hsl(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))))
      .toString(16)
      .padStart(2, "0");
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

const SKIP = new Set(["the", "a", "an", "of", "and", "at", "&", "—", "-"]);

/** Up to two letters or digits: the first of each of the first two words that count. */
export function initialsOf(name: string): string {
  const words = name
    .split(/\s+/)
    .filter((w) => !SKIP.has(w.toLowerCase()))
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))
    .filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("") || "?";
}

/** A PNG of `width`×`height`. */
export async function artwork(name: string, width: number, height: number): Promise<Buffer> {
  const rand = prng(`artwork/${name}`);
  const hue = rand.int(0, 359);
  const from = hsl(hue, 0.55, 0.5);
  const to = hsl((hue + rand.int(30, 70)) % 360, 0.6, 0.28);
  const initials = initialsOf(name).replace(/[<>&"']/g, "");
  const size = Math.round(Math.min(width, height) * 0.38);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/>
  <text x="50%" y="50%" dy="0.35em" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="${size}" fill="#ffffff" fill-opacity="0.9">${initials}</text>
</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 6 }).toBuffer();
}
