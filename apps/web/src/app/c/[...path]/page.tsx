import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { categoryHref, findCategory } from "../../../storefront/category-tree";
import { fetchListing } from "../../../storefront/fetch-listing";
import { parseListingParams, type RawParams, type Sort } from "../../../storefront/listing-params";
import { CategoryListing } from "../../../storefront/listings";
import { getQueryClient, HydrateClient, trpc } from "../../../trpc/server";

interface Props {
  params: Promise<{ path: string[] }>;
  searchParams: Promise<RawParams>;
}

async function load(path: string[]) {
  const roots = await getQueryClient().fetchQuery(trpc.catalog.listCategories.queryOptions());
  const found = findCategory(roots, path.map((s) => decodeURIComponent(s)));
  if (!found) notFound();
  return found;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { trail, category } = await load((await params).path);
  return {
    title: category.name,
    description: `${category.name} from independent stores on Bazaar${trail.length > 1 ? ` (${trail.map((c) => c.name).join(" › ")})` : ""}.`,
    alternates: { canonical: categoryHref(trail) },
  };
}

const SORTS: readonly Sort[] = ["newest", "price_asc", "price_desc", "rating"];

export default async function CategoryPage({ params, searchParams }: Props) {
  const { trail, category } = await load((await params).path);
  const basePath = categoryHref(trail);
  const state = { ...parseListingParams(await searchParams), q: "" };
  const input = {
    categoryId: category.id,
    filters: state.filters,
    sort: state.sort ?? "newest",
    limit: 24,
    withFacets: true,
    ...(state.cursor ? { cursor: state.cursor } : {}),
  } as const;
  await fetchListing(() => getQueryClient().fetchQuery(trpc.search.listByCategory.queryOptions(input)), basePath, state);

  return (
    <HydrateClient>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link href="/">Home</Link>
          </li>
          {trail.map((c, i) => (
            <li key={c.id}>
              <Link href={categoryHref(trail.slice(0, i + 1))} aria-current={i === trail.length - 1 ? "page" : undefined}>
                {c.name}
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <h1>{category.name}</h1>
      {category.children.length > 0 ? (
        <ul className="chip-list" aria-label={`Inside ${category.name}`}>
          {category.children.map((child) => (
            <li key={child.id}>
              <Link href={categoryHref([...trail, child])} className="chip">
                {child.name}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <CategoryListing input={input} state={state} basePath={basePath} defaultSort="newest" sorts={SORTS} hideCategoryIds={trail.map((c) => c.id)} />
    </HydrateClient>
  );
}
