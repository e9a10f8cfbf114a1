import { describe, expect, it } from "vitest";

import { categoryHref, findCategory, flattenCategories, type CategoryNode } from "./category-tree";

const node = (slug: string, children: CategoryNode[] = []): CategoryNode => ({ id: slug, parentId: null, slug, name: slug, path: slug, position: 0, children });
const tree = [node("fashion", [node("clothing", [node("t-shirts")]), node("bags")]), node("books")];

describe("category tree", () => {
  it("finds a category by its slug path, with its ancestors", () => {
    const found = findCategory(tree, ["fashion", "clothing", "t-shirts"]);
    expect(found?.trail.map((c) => c.slug)).toEqual(["fashion", "clothing", "t-shirts"]);
    expect(found && categoryHref(found.trail)).toBe("/c/fashion/clothing/t-shirts");
  });

  it("answers null for an unknown or misplaced segment", () => {
    expect(findCategory(tree, ["fashion", "t-shirts"])).toBeNull();
    expect(findCategory(tree, [])).toBeNull();
  });

  it("flattens depth first with URLs", () => {
    expect(flattenCategories(tree).map((c) => `${c.depth}:${c.href}`)).toEqual(["0:/c/fashion", "1:/c/fashion/clothing", "2:/c/fashion/clothing/t-shirts", "1:/c/fashion/bags", "0:/c/books"]);
  });
});
