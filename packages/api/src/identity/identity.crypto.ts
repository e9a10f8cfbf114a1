import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

// Primitives of the identity domain. Secrets that must be read back (TOTP seeds) are encrypted with
// AES-256-GCM; values that only need to be recognised (codes, tokens) are stored as hashes.

const CIPHER_VERSION = "v1";

/**
 * AES-256-GCM with a random 96-bit IV. `context` (the owning user id) is authenticated but not stored,
 * so a ciphertext copied onto another user's row fails to decrypt.
 */
export function encryptSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [CIPHER_VERSION, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptSecret(key: Buffer, sealed: string, context: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== CIPHER_VERSION || !iv || !tag || body === undefined) throw new Error("unrecognised ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/**
 * Keyed hash of a short code (6 digits, recovery codes): with a plain hash, a leaked table or Redis
 * dump could be brute-forced offline in seconds; without the key it cannot.
 */
export function codeDigest(key: Buffer, purpose: string, code: string): string {
  return createHmac("sha256", key).update(`${purpose}\0${code}`).digest("base64url");
}

/** SHA-256 of a high-entropy token (refresh tokens, link tokens): unguessable input needs no key. */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 256 random bits, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export function sixDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

// Crockford-style alphabet without look-alikes (no I, L, O, U): codes are read off paper and typed.
const RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ0123456789";

/** `XXXXX-XXXXX`: 10 symbols of 5 bits = 50 bits, single use, checked under a keyed hash. */
export function recoveryCode(): string {
  let out = "";
  for (let i = 0; i < 10; i++) out += RECOVERY_ALPHABET[randomInt(0, RECOVERY_ALPHABET.length)];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** Case, spaces and dashes do not matter when a recovery code is typed back. */
export function normalizeRecoveryCode(input: string): string {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  return compact.length === 10 ? `${compact.slice(0, 5)}-${compact.slice(5)}` : compact;
}
