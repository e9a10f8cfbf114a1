// What a seller types ("12.50") ↔ what the API takes (1250 minor units), by the currency's ISO 4217
// exponent. Only string and integer arithmetic: 0.29 * 100 is 28.999999999999996 in floating point.

export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export type MajorParse = { ok: true; minor: number } | { ok: false; message: string };

const MAX_MINOR = 2_147_483_647;

/** "12.5" EUR → 1250; "12.505" EUR, "-1", "1e3", "1,000" are refused with a sentence, never rounded. */
export function majorToMinor(input: string, currency: string): MajorParse {
  const value = input.trim();
  const match = /^(\d+)(?:\.(\d*))?$/.exec(value);
  if (!match) return { ok: false, message: "a plain amount such as 12.50" };
  const digits = minorUnitDigits(currency);
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return { ok: false, message: `${currency} has ${digits} decimal place${digits === 1 ? "" : "s"}` };
  const whole = match[1]!.replace(/^0+(?=\d)/, "");
  const joined = `${whole}${fraction.padEnd(digits, "0")}`.replace(/^0+(?=\d)/, "");
  if (joined.length > 10 || Number(joined) > MAX_MINOR) return { ok: false, message: "too large" };
  return { ok: true, minor: Number(joined) };
}

/** 1250 EUR → "12.50" (for an input's value; display goes through formatMoney). */
export function minorToMajor(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(minor);
  const padded = String(minor).padStart(digits + 1, "0");
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}
