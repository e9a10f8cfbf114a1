// Decimal strings ↔ integer minor units by the currency's ISO 4217 exponent, with string arithmetic only:
// a float would turn "0.29" into 28.999… minor units.

/** Digits after the decimal point in `currency` (USD 2, JPY 0, BHD 3), from the runtime's ICU data. */
export function currencyExponent(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

export type DecimalResult = { ok: true; minor: number } | { ok: false; reason: string };

/**
 * "12.50" USD → 1250, "1000" JPY → 1000. Refused: signs, exponents, thousands separators, more decimals
 * than the currency has ("12.345" USD is ambiguous, not rounded), amounts beyond a 32-bit column.
 */
export function decimalToMinor(value: string, currency: string): DecimalResult {
  const match = DECIMAL.exec(value);
  if (!match) return { ok: false, reason: `"${value}" is not a plain decimal amount such as 12.50` };
  const exponent = currencyExponent(currency);
  const whole = match[1]!;
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) {
    return { ok: false, reason: `${currency} has ${exponent} decimal place${exponent === 1 ? "" : "s"}; "${value}" has ${fraction.length}` };
  }
  const digits = (whole + fraction.padEnd(exponent, "0")).replace(/^0+(?=\d)/, "");
  if (digits.length > 10 || BigInt(digits) > 2_147_483_647n) return { ok: false, reason: `"${value}" is too large` };
  return { ok: true, minor: Number(digits) };
}

/** 1250 USD → "12.50", 1000 JPY → "1000". */
export function minorToDecimal(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minor);
  const digits = String(minor).padStart(exponent + 1, "0");
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
