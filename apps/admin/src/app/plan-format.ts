/** A quota as people read it; the API's null means no limit. */
export function limitText(limit: number | null): string {
  return limit === null ? "unlimited" : String(limit);
}

/** Basis points as a percentage: 800 → "8%", 1250 → "12.50%". */
export function commissionText(bps: number): string {
  return `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;
}
