import type { RouterOutputs } from "@bazaar/api";
import { formatMoney } from "@bazaar/next-kit/format";
import Image from "next/image";
import Link from "next/link";

export type ProductHit = RouterOutputs["search"]["searchProducts"]["hits"][number];

export const productHref = (storeSlug: string, handle: string) => `/p/${storeSlug}/${handle}`;

export function priceRange(min: number, max: number, currency: string): string {
  return min === max ? formatMoney(min, currency) : `${formatMoney(min, currency)} – ${formatMoney(max, currency)}`;
}

/** One product in a grid; the first row's images load eagerly (they are the largest paint). */
export function ProductCard({ hit, eager = false, showStore = true }: { hit: ProductHit; eager?: boolean; showStore?: boolean }) {
  return (
    <li className="product-card" data-testid="product-card">
      <Link href={productHref(hit.storeSlug, hit.handle)} className="product-card-link">
        <span className="product-card-image">
          {hit.imageUrl ? (
            <Image src={hit.imageUrl} alt="" fill sizes="(max-width: 600px) 50vw, 240px" priority={eager} />
          ) : (
            <span className="product-card-noimage" aria-hidden="true" />
          )}
        </span>
        <span className="product-card-title">{hit.title}</span>
      </Link>
      <span className="product-card-price" data-testid="product-price">
        {priceRange(hit.minPrice, hit.maxPrice, hit.currency)}
      </span>
      {showStore ? <span className="product-card-store">{hit.storeName}</span> : null}
      {hit.inStock ? null : <span className="badge-muted">Out of stock</span>}
    </li>
  );
}

export function ProductGrid({ hits, showStore = true }: { hits: readonly ProductHit[]; showStore?: boolean }) {
  return (
    <ul className="product-grid">
      {hits.map((hit, i) => (
        <ProductCard key={hit.id} hit={hit} eager={i < 4} showStore={showStore} />
      ))}
    </ul>
  );
}
