import { describe, expect, it } from "vitest";

import { contrastRatio, themeStyle } from "./store-theme";

describe("store theme", () => {
  it("computes WCAG contrast", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 0);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
  });

  it("keeps a seller's readable colours and layout", () => {
    const style = themeStyle({ primaryColor: "#1d4ed8", backgroundColor: "#ffffff", textColor: "#111827", layout: "grid", font: "serif" });
    expect(style.vars["--store-primary"]).toBe("#1d4ed8");
    expect(style.vars["--store-text"]).toBe("#111827");
    expect(style.vars["--store-on-band"]).toBe("#ffffff");
    expect(style.layout).toBe("grid");
    expect(style.fontFamily).toContain("serif");
  });

  it("replaces colours that would leave text unreadable", () => {
    const style = themeStyle({ primaryColor: "#fefefe", backgroundColor: "#ffffff", textColor: "#eeeeee" });
    expect(style.vars["--store-text"]).toBe("#1c1917");
    expect(style.vars["--store-primary"]).toBe("#1c1917");
    expect(style.vars["--store-on-band"]).toBe("#111111");
    const dark = themeStyle({ backgroundColor: "#000000" });
    expect(dark.vars["--store-text"]).toBe("#ffffff");
    expect(themeStyle({}).layout).toBe("classic");
  });
});
