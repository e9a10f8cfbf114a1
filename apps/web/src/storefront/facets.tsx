import Link from "next/link";

import { isSelected, listingHref, PRICE_LABELS, withFacet, type FacetChange, type ListingState } from "./listing-params";
import type { SearchResult } from "./listing-view";

type FacetData = NonNullable<SearchResult["facets"]>;

const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function FacetLink({ state, basePath, change, label, count }: { state: ListingState; basePath: string; change: FacetChange; label: string; count: number }) {
  const selected = isSelected(state, change);
  // A value with no match (under the other selections) stays visible but is not offered as a link.
  if (count === 0 && !selected) {
    return (
      <li className="facet-value facet-empty">
        {label} <span className="facet-count">(0)</span>
      </li>
    );
  }
  return (
    <li className="facet-value">
      <Link href={listingHref(basePath, withFacet(state, change))} aria-current={selected ? "true" : undefined} className={selected ? "facet-on" : undefined}>
        <span className="facet-check" aria-hidden="true">
          {selected ? "☑" : "☐"}
        </span>{" "}
        {label} <span className="facet-count">({count})</span>
      </Link>
    </li>
  );
}

function FacetGroup({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <details className="facet-group" open>
      <summary>{title}</summary>
      <ul>{children}</ul>
    </details>
  );
}

/** Each group's counts come with every other group's selection applied (the API computes them so). */
export function Facets({ facets, state, basePath, showStores, hideCategoryIds }: { facets: FacetData; state: ListingState; basePath: string; showStores: boolean; hideCategoryIds: readonly string[] }) {
  const common = { state, basePath };
  const categories = facets.categories.filter((c) => !hideCategoryIds.includes(c.id));
  return (
    <aside className="facets" aria-label="Filters">
      <h2 className="facets-title">Filters</h2>
      {Object.keys(state.filters).length > 0 ? (
        <p>
          <Link href={listingHref(basePath, { ...state, filters: {}, cursor: null })}>Clear all filters</Link>
        </p>
      ) : null}
      {categories.length > 0 ? (
        <FacetGroup title="Category">
          {categories.map((c) => (
            <FacetLink key={c.id} {...common} change={{ facet: "category", id: c.id }} label={c.name} count={c.count} />
          ))}
        </FacetGroup>
      ) : null}
      <FacetGroup title="Price">
        {facets.price.map((p) => (
          <FacetLink key={p.key} {...common} change={{ facet: "price", bucket: p.key }} label={PRICE_LABELS[p.key]} count={p.count} />
        ))}
      </FacetGroup>
      <FacetGroup title="Rating">
        {facets.rating.map((r) => (
          <FacetLink key={r.min} {...common} change={{ facet: "rating", min: r.min as 1 | 2 | 3 | 4 }} label={`${r.min}★ and up`} count={r.count} />
        ))}
      </FacetGroup>
      <FacetGroup title="Availability">
        <FacetLink {...common} change={{ facet: "inStock" }} label="In stock" count={facets.inStock.inStock} />
      </FacetGroup>
      {showStores && facets.stores.length > 0 ? (
        <FacetGroup title="Store">
          {facets.stores.map((s) => (
            <FacetLink key={s.id} {...common} change={{ facet: "store", id: s.id }} label={s.name} count={s.count} />
          ))}
        </FacetGroup>
      ) : null}
      {facets.options.map((o) => (
        <FacetGroup key={o.name} title={titleCase(o.name)}>
          {o.values.slice(0, 20).map((v) => (
            <FacetLink key={v.value} {...common} change={{ facet: "option", name: o.name, value: v.value }} label={v.value} count={v.count} />
          ))}
        </FacetGroup>
      ))}
    </aside>
  );
}
