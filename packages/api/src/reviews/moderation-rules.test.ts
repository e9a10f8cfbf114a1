import { describe, expect, it } from "vitest";
import { holdReasons, initialStatus, ratingChange, textHoldReasons } from "./moderation-rules";

const limits = { burstMaxPerAccount: 3, burstMaxPerAddress: 5, newAccountMinutes: 60 };
const calm = { recentByAccount: 0, recentByAddress: 0, accountAgeMinutes: 10_000 };

describe("automatic holds", () => {
  it("let an ordinary review through", () => {
    expect(holdReasons(["Lovely shirt", "Fits well, washed twice, colour holds. 5 stars."], calm, limits)).toEqual([]);
  });

  it("hold profanity, also disguised", () => {
    expect(textHoldReasons("this is shit")).toEqual(["profanity"]);
    expect(textHoldReasons("ʃṳ𝒸𝗄 this")).toContain("profanity");
    expect(textHoldReasons("fuuuuck")).toEqual(["profanity"]);
  });

  it("hold links with a scheme, www. or a bare domain, but not a decimal or an abbreviation", () => {
    for (const t of ["see https://x.example", "go to www.cheap", "buy at cheap-pills.com now"]) expect(textHoldReasons(t)).toEqual(["link"]);
    for (const t of ["size 4.5 fits", "e.g. the blue one", "version 2.0 is better"]) expect(textHoldReasons(t)).toEqual([]);
  });

  it("hold a burst from one account or one address, and a brand-new account", () => {
    expect(holdReasons(["ok"], { ...calm, recentByAccount: 3 }, limits)).toEqual(["burst-account"]);
    expect(holdReasons(["ok"], { ...calm, recentByAddress: 5 }, limits)).toEqual(["burst-address"]);
    expect(holdReasons(["ok"], { ...calm, recentByAddress: null }, limits)).toEqual([]);
    expect(holdReasons(["ok"], { ...calm, accountAgeMinutes: 59 }, limits)).toEqual(["new-account"]);
    expect(holdReasons(["ok"], { ...calm, accountAgeMinutes: 0 }, { ...limits, newAccountMinutes: 0 })).toEqual([]);
  });

  it("stores HTML as text: markup alone is no reason to hold", () => {
    expect(textHoldReasons("<b>great</b> <script>alert(1)</script>")).toEqual([]);
  });
});

describe("status and rating change", () => {
  it("hold beats auto-publish; otherwise the seller's setting decides", () => {
    expect(initialStatus(["link"], true)).toBe("HELD");
    expect(initialStatus([], true)).toBe("PUBLISHED");
    expect(initialStatus([], false)).toBe("PENDING");
  });

  it("counts only published reviews", () => {
    expect(ratingChange(null, { status: "PUBLISHED", rating: 4 })).toEqual({ removed: null, added: 4 });
    expect(ratingChange(null, { status: "PENDING", rating: 4 })).toEqual({ removed: null, added: null });
    expect(ratingChange({ status: "PUBLISHED", rating: 5 }, { status: "PUBLISHED", rating: 2 })).toEqual({ removed: 5, added: 2 });
    expect(ratingChange({ status: "PUBLISHED", rating: 5 }, { status: "REJECTED", rating: 5 })).toEqual({ removed: 5, added: null });
  });
});
