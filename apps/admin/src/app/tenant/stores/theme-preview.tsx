import type { RouterInputs } from "@bazaar/api";
import Image from "next/image";

export type Theme = NonNullable<RouterInputs["stores"]["update"]["theme"]>;

export const THEME_DEFAULTS = { primaryColor: "#4338ca", accentColor: "#f59e0b", backgroundColor: "#ffffff", textColor: "#111827" } as const;

const FONTS = { system: "system-ui, sans-serif", serif: "Georgia, serif", mono: "ui-monospace, monospace" } as const;

/** The storefront's header and a product grid painted with the theme as it is being edited. */
export function ThemePreview({ theme, storeName }: { theme: Theme; storeName: string }) {
  const colours = { ...THEME_DEFAULTS, ...theme };
  return (
    <figure className="theme-preview" data-testid="theme-preview" style={{ background: colours.backgroundColor, color: colours.textColor, fontFamily: FONTS[theme.font ?? "system"] }}>
      <header style={{ background: colours.primaryColor, color: colours.backgroundColor }}>
        {theme.logo?.url ? <Image src={theme.logo.url} alt={`${storeName} logo`} width={40} height={40} unoptimized /> : null}
        <strong>{storeName}</strong>
      </header>
      {theme.banner?.url ? <Image className="preview-banner" src={theme.banner.url} alt="" width={1200} height={300} unoptimized /> : null}
      <div className="preview-products" data-layout={theme.layout ?? "classic"}>
        {["New in", "Best sellers", "On sale"].map((label) => (
          <div key={label} className="preview-card" style={{ border: `2px solid ${colours.accentColor}` }}>
            {label}
          </div>
        ))}
      </div>
      <figcaption className="sr-only">Preview of the storefront with this theme</figcaption>
    </figure>
  );
}
