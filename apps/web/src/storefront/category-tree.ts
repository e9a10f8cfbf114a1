import type { RouterOutputs } from "@bazaar/api";

export type CategoryNode = RouterOutputs["catalog"]["listCategories"][number];

export interface CategoryTrail {
  /** Root first, the category last. */
  trail: CategoryNode[];
  category: CategoryNode;
}

/** `/c/fashion/clothing/t-shirts` → the node and its ancestors; null when any segment is unknown. */
export function findCategory(roots: readonly CategoryNode[], slugs: readonly string[]): CategoryTrail | null {
  const trail: CategoryNode[] = [];
  let level: readonly CategoryNode[] = roots;
  for (const slug of slugs) {
    const node = level.find((c) => c.slug === slug);
    if (!node) return null;
    trail.push(node);
    level = node.children;
  }
  const category = trail[trail.length - 1];
  return category ? { trail, category } : null;
}

export const categoryHref = (trail: readonly Pick<CategoryNode, "slug">[]) => `/c/${trail.map((c) => c.slug).join("/")}`;

/** Every category with its URL, depth first (sitemap, lookups by id). */
export function flattenCategories(roots: readonly CategoryNode[]): { node: CategoryNode; href: string; depth: number }[] {
  const out: { node: CategoryNode; href: string; depth: number }[] = [];
  const walk = (nodes: readonly CategoryNode[], above: CategoryNode[]) => {
    for (const node of nodes) {
      const trail = [...above, node];
      out.push({ node, href: categoryHref(trail), depth: above.length });
      walk(node.children, trail);
    }
  };
  walk(roots, []);
  return out;
}
