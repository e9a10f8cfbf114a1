import { describe, expect, it } from "vitest";

import { filtersQuery, parseProductFilters } from "./product-filters";

describe("product list filters in the URL", () => {
  const id = "2f1e0a57-3c3f-4a55-9d53-7c7f3c3e8a11";

  it("keeps well-formed filters and drops the rest", () => {
    expect(parseProductFilters({ q: "  tee ", status: "published", categoryId: id, collectionId: "nope" })).toEqual({ q: "tee", status: "PUBLISHED", categoryId: id });
    expect(parseProductFilters({ status: "GONE", q: ["", "x"] })).toEqual({});
  });

  it("writes only the fields that are set", () => {
    const form = new Map<string, string>([["q", "mug"], ["status", ""], ["categoryId", id]]);
    expect(filtersQuery(form)).toBe(`q=mug&categoryId=${id}`);
  });
});
