import { describe, expect, it } from "vitest";

import { isSelected, listingHref, parseListingParams, withFacet } from "./listing-params";

const CAT = "0b4e6f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
const STORE = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

describe("parseListingParams", () => {
  it("reads every facet, the sort and the cursor", () => {
    const state = parseListingParams({ q: " lantern ", category: CAT, store: [STORE], price: ["10-25", "25-50"], rating: "4", stock: "1", "o.Size": ["M", "L"], sort: "price_asc", cursor: "abc" });
    expect(state).toEqual({
      q: "lantern",
      sort: "price_asc",
      cursor: "abc",
      filters: { categoryIds: [CAT], storeIds: [STORE], price: ["10-25", "25-50"], ratingMin: 4, inStock: true, options: { size: ["M", "L"] } },
    });
  });

  it("drops what the API would refuse instead of failing the page", () => {
    const state = parseListingParams({ category: "not-a-uuid", price: "free", rating: "7", sort: "cheapest", stock: "yes", cursor: "x".repeat(600), q: "x".repeat(500), "o.bad\u0000": "v" });
    expect(state.filters).toEqual({});
    expect(state.sort).toBeNull();
    expect(state.cursor).toBeNull();
    expect(state.q).toHaveLength(200);
  });

  it("keeps at most five options and twenty values of one", () => {
    const raw = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`o.opt${i}`, Array.from({ length: 30 }, (_, j) => `v${j}`)]));
    const options = parseListingParams(raw).filters.options ?? {};
    expect(Object.keys(options)).toHaveLength(5);
    expect(Object.values(options)[0]).toHaveLength(20);
  });
});

describe("withFacet and listingHref", () => {
  it("toggles a value on and off, and a changed selection drops the cursor", () => {
    const base = parseListingParams({ q: "tee", cursor: "page-2", sort: "newest" });
    const on = withFacet(base, { facet: "option", name: "size", value: "M" });
    expect(isSelected(on, { facet: "option", name: "size", value: "M" })).toBe(true);
    expect(on.cursor).toBeNull();
    expect(listingHref("/search", on)).toBe("/search?q=tee&o.size=M&sort=newest");
    const off = withFacet(on, { facet: "option", name: "size", value: "M" });
    expect(off.filters).toEqual({});
    expect(listingHref("/search", withFacet(off, { facet: "inStock" }))).toBe("/search?q=tee&stock=1&sort=newest");
  });

  it("round-trips through the URL", () => {
    let state = parseListingParams({});
    state = withFacet(state, { facet: "category", id: CAT });
    state = withFacet(state, { facet: "price", bucket: "50-100" });
    state = withFacet(state, { facet: "rating", min: 3 });
    const href = listingHref("/c/fashion", state);
    const params = new URL(href, "http://x").searchParams;
    const raw: Record<string, string[]> = {};
    for (const [k, v] of params) (raw[k] ??= []).push(v);
    expect(parseListingParams(raw)).toEqual(state);
  });
});
