import type { RouterOutputs } from "@bazaar/api";

export type StoreTheme = RouterOutputs["stores"]["resolveHost"]["theme"];

const DEFAULTS = { background: "#ffffff", text: "#1c1917", primary: "#b45309", accent: "#1d4ed8" };
/** WCAG AA for body text. */
const MIN_CONTRAST = 4.5;

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const HEX = /^#[0-9a-f]{6}$/i;
const readable = (colour: string | undefined, on: string) => (colour && HEX.test(colour) && contrastRatio(colour, on) >= MIN_CONTRAST ? colour : undefined);

export interface ThemeStyle {
  vars: Record<string, string>;
  fontFamily: string | undefined;
  layout: "classic" | "grid" | "editorial";
}

/**
 * A seller's theme as CSS custom properties for the store page. Colours a seller picked are kept only
 * where text stays readable (AA contrast against the store's background); otherwise the platform's own
 * colour stands in, so no theme can make its store unreadable.
 */
export function themeStyle(theme: StoreTheme): ThemeStyle {
  const background = theme.backgroundColor && HEX.test(theme.backgroundColor) ? theme.backgroundColor : DEFAULTS.background;
  const fallbackText = contrastRatio(DEFAULTS.text, background) >= MIN_CONTRAST ? DEFAULTS.text : "#ffffff";
  const text = readable(theme.textColor, background) ?? fallbackText;
  const primary = readable(theme.primaryColor, background) ?? text;
  const accent = readable(theme.accentColor, background) ?? primary;
  // Buttons and the header band carry white or black text, whichever reads on the primary colour.
  const onPrimary = contrastRatio("#ffffff", theme.primaryColor ?? primary) >= MIN_CONTRAST ? "#ffffff" : "#111111";
  return {
    vars: {
      "--store-bg": background,
      "--store-text": text,
      "--store-primary": primary,
      "--store-accent": accent,
      "--store-band": theme.primaryColor && HEX.test(theme.primaryColor) ? theme.primaryColor : primary,
      "--store-on-band": onPrimary,
    },
    fontFamily: theme.font === "serif" ? "Georgia, 'Times New Roman', serif" : theme.font === "mono" ? "var(--font-mono)" : undefined,
    layout: theme.layout ?? "classic",
  };
}
