import { createHmac, timingSafeEqual } from "node:crypto";

// The `Stripe-Signature` scheme, which the sandbox signs with and its adapter verifies:
//   Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>[,v1=...]
// Several v1 entries may appear (secret rotation); any one matching is enough. The timestamp is signed,
// so an old delivery cannot be replayed with a fresh `t`.

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function stripeSignature(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
}

export function stripeSignatureHeader(secret: string, rawBody: string | Buffer, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${stripeSignature(secret, timestamp, rawBody)}`;
}

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "missing-signature" | "bad-signature" | "stale-timestamp"; message: string };

export function verifyStripeSignature(
  secret: string,
  rawBody: string | Buffer,
  header: string | undefined,
  now: Date = new Date(),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: "missing-signature", message: "no Stripe-Signature header" };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [k, v] = part.split("=", 2);
    if (k === "t" && v && /^\d{1,12}$/.test(v)) timestamp = Number(v);
    else if (k === "v1" && v && /^[0-9a-f]{64}$/.test(v)) signatures.push(v);
  }
  if (timestamp === undefined || signatures.length === 0) {
    return { ok: false, reason: "bad-signature", message: "Stripe-Signature has no timestamp or no v1 signature" };
  }
  const expected = Buffer.from(stripeSignature(secret, timestamp, rawBody), "hex");
  const matches = signatures.some((s) => timingSafeEqual(Buffer.from(s, "hex"), expected));
  if (!matches) return { ok: false, reason: "bad-signature", message: "no v1 signature matches the payload" };
  // Checked after the signature, so an attacker cannot learn the tolerance window from unsigned probes.
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > toleranceSeconds) {
    return { ok: false, reason: "stale-timestamp", message: `timestamp outside the ${toleranceSeconds} s tolerance` };
  }
  return { ok: true, timestamp };
}
