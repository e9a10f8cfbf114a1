"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime, formatMoney } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, skipToken, useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";

import { CursorPager, useCursorPages } from "../../cursor-pager";
import { categoryOptions, PRODUCT_STATUS_LABELS, STATUS_TONE } from "./catalog-options";
import { filtersQuery, type ProductFilters } from "./product-filters";
import { SuccessNotice } from "../../success-notice";

/**
 * The seller's products: filters, keyset pages, and bulk publish/archive of the ticked ones. Filters
 * live in the URL (the form is a plain GET form), so a filtered list can be linked and works before
 * the page has hydrated.
 */
export function ProductList({ canRelease, filters }: { canRelease: boolean; filters: ProductFilters }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const pages = useCursorPages();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { data: tree } = useSuspenseQuery(trpc.catalog.listCategories.queryOptions());
  const { data: collections } = useSuspenseQuery(trpc.catalog.listCollections.queryOptions({ limit: 100 }));
  const first = useSuspenseQuery(trpc.catalog.listProducts.queryOptions({ ...filters, limit: 25 }));
  const later = useQuery({
    ...trpc.catalog.listProducts.queryOptions(pages.cursor ? { ...filters, limit: 25, cursor: pages.cursor } : skipToken),
    placeholderData: keepPreviousData,
  });
  const page = (pages.cursor ? later.data : undefined) ?? first.data;
  const publish = useMutation(trpc.catalog.bulkPublishProducts.mutationOptions());
  const archive = useMutation(trpc.catalog.bulkArchiveProducts.mutationOptions());
  const categories = useMemo(() => categoryOptions(tree), [tree]);

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const query = filtersQuery(new FormData(event.currentTarget));
    router.push(query ? `${pathname}?${query}` : pathname);
  }

  async function bulk(action: "publish" | "archive") {
    setError(null);
    setNotice(null);
    const productIds = [...selected];
    try {
      await (action === "publish" ? publish : archive).mutateAsync({ productIds });
      setNotice(`${productIds.length} product${productIds.length === 1 ? "" : "s"} ${action === "publish" ? "published" : "archived"}.`);
      setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: trpc.catalog.listProducts.queryKey() });
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allOnPage = page.items.length > 0 && page.items.every((p) => selected.has(p.id));

  return (
    <div className="stack">
      <form className="card inline-form" method="get" onSubmit={applyFilters} role="search" aria-label="Filter products">
        <div className="field">
          <label htmlFor="filter-q">Title or SKU</label>
          <input id="filter-q" name="q" type="search" maxLength={100} defaultValue={filters.q} />
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">Any</option>
            {Object.entries(PRODUCT_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <FilterSelect id="filter-category" name="categoryId" label="Category" options={categories} value={filters.categoryId} />
        <FilterSelect id="filter-collection" name="collectionId" label="Collection" options={collections.items.map((c) => ({ id: c.id, label: c.title }))} value={filters.collectionId} />
        <button type="submit" className="button">
          Filter
        </button>
      </form>

      <FormAlert error={error} />
      <SuccessNotice message={notice} />

      {canRelease ? (
        <p className="inline-form" aria-label="Bulk actions">
          <button type="button" className="button" disabled={selected.size === 0 || publish.isPending} onClick={() => void bulk("publish")}>
            Publish selected
          </button>
          <button type="button" className="button button-secondary" disabled={selected.size === 0 || archive.isPending} onClick={() => void bulk("archive")}>
            Archive selected
          </button>
          <span aria-live="polite">{selected.size} selected</span>
        </p>
      ) : null}

      <table className="data-table" data-testid="products" aria-busy={later.isFetching}>
        <thead>
          <tr>
            {canRelease ? (
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select every product on this page"
                  checked={allOnPage}
                  onChange={() => setSelected(allOnPage ? new Set() : new Set(page.items.map((p) => p.id)))}
                />
              </th>
            ) : null}
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Variants</th>
            <th scope="col">Price</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {page.items.length === 0 ? (
            <tr>
              <td colSpan={canRelease ? 6 : 5}>No products match.</td>
            </tr>
          ) : null}
          {page.items.map((p) => {
            const prices = p.variants.map((v) => v.priceAmount);
            const currency = p.variants[0]?.currency;
            return (
              <tr key={p.id} data-handle={p.handle}>
                {canRelease ? (
                  <td>
                    <input type="checkbox" aria-label={`Select ${p.title}`} checked={selected.has(p.id)} onChange={() => toggle(p.id)} />
                  </td>
                ) : null}
                <td>
                  <Link href={`/tenant/products/${p.id}`}>{p.title}</Link>
                </td>
                <td>
                  <span className="badge" data-tone={STATUS_TONE[p.status]}>
                    {PRODUCT_STATUS_LABELS[p.status]}
                  </span>
                </td>
                <td>{p.variants.length}</td>
                <td>
                  {currency && prices.length
                    ? Math.min(...prices) === Math.max(...prices)
                      ? formatMoney(prices[0]!, currency)
                      : `${formatMoney(Math.min(...prices), currency)} – ${formatMoney(Math.max(...prices), currency)}`
                    : "—"}
                </td>
                <td>{formatDateTime(p.updatedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <CursorPager pages={pages} nextCursor={page.nextCursor} labels={["Previous", "Next"]} />
    </div>
  );
}

function FilterSelect({ id, name, label, options, value }: { id: string; name: string; label: string; options: { id: string; label: string }[]; value: string | undefined }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
