import { createHmac } from "node:crypto";

export interface JwtKey {
  /** Names the key in the token header, so a rotated-out key can still verify what it signed. */
  kid: string;
  key: Uint8Array;
}

/** `current` signs; `current` and every `previous` key verify (rotation: docs/decisions/0008-secrets-and-key-rotation.md). */
export interface JwtKeyring {
  current: JwtKey;
  previous: JwtKey[];
}

/**
 * A key from a secret. Its kid is derived from the secret (a keyed digest of a fixed label, so it
 * reveals nothing about the key), so one secret always has one kid and nobody has to assign them.
 */
export function jwtKey(secret: string | Uint8Array): JwtKey {
  const key = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  return { kid: createHmac("sha256", key).update("bazaar access-token key id").digest("base64url").slice(0, 16), key };
}

export function jwtKeyring(current: string | Uint8Array, ...previous: (string | Uint8Array | undefined)[]): JwtKeyring {
  return { current: jwtKey(current), previous: previous.filter((p) => p !== undefined).map(jwtKey) };
}

