import { generateSecret, generateURI, verify } from "otplib";
import { toDataURL } from "qrcode";

// RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30-second steps.
const ISSUER = "Bazaar";
/**
 * Accept the previous, current and next step (±30 s) for clock drift; a step once accepted is never
 * accepted again (afterTimeStep), so a code seen over someone's shoulder cannot be replayed.
 */
const EPOCH_TOLERANCE_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export async function totpProvisioning(secret: string, accountLabel: string): Promise<{ otpauthUrl: string; qrCodeDataUrl: string }> {
  const otpauthUrl = generateURI({ issuer: ISSUER, label: accountLabel, secret });
  const qrCodeDataUrl = await toDataURL(otpauthUrl, { errorCorrectionLevel: "M", margin: 2, width: 240 });
  return { otpauthUrl, qrCodeDataUrl };
}

/** The accepted time step, or null when the code is wrong, outside the window, or already used. */
export async function checkTotp(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: EPOCH_TOLERANCE_SECONDS,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  }).catch(() => null);
  return result?.valid && "timeStep" in result ? result.timeStep : null;
}
