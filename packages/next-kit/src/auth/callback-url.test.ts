import { describe, expect, it } from "vitest";

import { safeCallbackPath, signInPathFor } from "./callback-url";

describe("safeCallbackPath", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeCallbackPath("/account/security?tab=2#totp", "/")).toBe("/account/security?tab=2#totp");
  });

  it.each([
    ["an absolute URL", "https://evil.example/phish"],
    ["a protocol-relative URL", "//evil.example/phish"],
    ["a backslash trick", "/\\evil.example"],
    ["a relative path", "account"],
    ["nothing", undefined],
    ["a javascript: URL", "javascript:alert(1)"],
  ])("falls back for %s", (_label, value) => {
    expect(safeCallbackPath(value, "/fallback")).toBe("/fallback");
  });

  it("takes the first of repeated parameters", () => {
    expect(safeCallbackPath(["/a", "https://evil.example"], "/")).toBe("/a");
  });
});

describe("signInPathFor", () => {
  it("comes back to the page afterwards", () => {
    expect(signInPathFor("/sign-in", "/account/security")).toBe("/sign-in?callbackUrl=%2Faccount%2Fsecurity");
  });
});
