import { createHash } from "node:crypto";

// Determinism for demo data: the same names always give the same ids and the same "random" choices, so a
// second seed run inserts nothing new (createMany skips rows whose id exists) and every machine shows the
// same marketplace.

/** A UUID derived from `key` (SHA-256, RFC 9562 version 8 "custom"): stable across runs and machines. */
export function demoUuid(key: string): string {
  const h = createHash("sha256").update(`bazaar-demo/${key}`).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** mulberry32: a small, fast, seedable PRNG. Not for anything secret. */
export function prng(seedKey: string) {
  let state = createHash("sha256").update(seedKey).digest().readUInt32LE(0);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  /** `count` distinct items in their original order. */
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(Math.floor(next() * items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
  };
  return { next, int, pick, sample, chance: (p: number) => next() < p };
}

export type Prng = ReturnType<typeof prng>;

/** An EAN-13 with a correct check digit, from a 12-digit body. */
export function ean13(body: string): string {
  const digits = body.padStart(12, "0").slice(-12);
  const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

/** A price that looks like a shelf price: whole units ending in 9 or .99/.50, in minor units. */
export function shelfPrice(rand: Prng, minMinor: number, maxMinor: number): number {
  const units = Math.max(1, Math.round(rand.int(minMinor, maxMinor) / 100));
  return units * 100 - rand.pick([1, 1, 1, 50, 0]);
}
