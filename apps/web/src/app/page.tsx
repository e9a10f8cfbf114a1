import Link from "next/link";

import { categoryHref, type CategoryNode } from "../storefront/category-tree";
import { ProductGrid } from "../storefront/product-card";
import { getQueryClient, trpc } from "../trpc/server";

export const dynamic = "force-dynamic";

function CategoryTree({ nodes, above = [] }: { nodes: readonly CategoryNode[]; above?: CategoryNode[] }) {
  return (
    <ul>
      {nodes.map((node) => (
        <li key={node.id}>
          <Link href={categoryHref([...above, node])}>{node.name}</Link>
          {node.children.length > 0 ? <CategoryTree nodes={node.children} above={[...above, node]} /> : null}
        </li>
      ))}
    </ul>
  );
}

export default async function HomePage() {
  const queries = getQueryClient();
  const [categories, featured] = await Promise.all([
    queries.fetchQuery(trpc.catalog.listCategories.queryOptions()),
    queries.fetchQuery(trpc.search.searchProducts.queryOptions({ sort: "newest", limit: 8, withFacets: false, filters: { inStock: true } })),
  ]);

  return (
    <>
      <section className="hero">
        <h1>Bazaar</h1>
        <p className="lead">Every independent store, one checkout.</p>
      </section>

      <section aria-labelledby="featured-heading">
        <h2 id="featured-heading">New in</h2>
        {featured.hits.length > 0 ? <ProductGrid hits={featured.hits} /> : <p className="lead">No products are listed yet.</p>}
        <p>
          <Link href="/search">Browse all products</Link>
        </p>
      </section>

      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">Shop by category</h2>
        <nav aria-labelledby="categories-heading" className="category-tree">
          <CategoryTree nodes={categories} />
        </nav>
      </section>
    </>
  );
}
