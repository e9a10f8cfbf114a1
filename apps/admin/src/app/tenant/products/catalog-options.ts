import type { RouterOutputs } from "@bazaar/api";

type CategoryNode = RouterOutputs["catalog"]["listCategories"][number];

export interface CategoryOption {
  id: string;
  /** The path of names, "Apparel › Shirts", so a flat <select> still shows the tree. */
  label: string;
}

/** The platform category tree, depth first, as options for a select. */
export function categoryOptions(tree: readonly CategoryNode[], trail: string[] = []): CategoryOption[] {
  return tree.flatMap((node) => {
    const names = [...trail, node.name];
    return [{ id: node.id, label: names.join(" › ") }, ...categoryOptions(node.children, names)];
  });
}

export const PRODUCT_STATUS_LABELS = { DRAFT: "Draft", PUBLISHED: "Published", ARCHIVED: "Archived" } as const;
export type ProductStatus = keyof typeof PRODUCT_STATUS_LABELS;
export const STATUS_TONE: Record<ProductStatus, string | undefined> = { DRAFT: undefined, PUBLISHED: "ok", ARCHIVED: "bad" };
