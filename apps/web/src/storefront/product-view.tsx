"use client";

import { formatMoney } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useSuspenseQuery } from "@tanstack/react-query";
import Image from "next/image";
import Link from "next/link";
import { useId, useState } from "react";

import { AddToCart } from "./cart/add-to-cart";
import { categoryHref } from "./category-tree";
import { initialSelection, stockText, variantFor, variantWith, type Selection } from "./variant-choice";

function Gallery({ images, title }: { images: { assetId: string; alt: string; fullUrl: string | null; thumbUrl: string | null; width: number | null; height: number | null }[]; title: string }) {
  const [shown, setShown] = useState(0);
  const usable = images.filter((i) => i.fullUrl);
  const main = usable[shown] ?? usable[0];
  if (!main?.fullUrl) return <div className="gallery-empty" aria-hidden="true" />;
  return (
    <div className="gallery">
      <div className="gallery-main">
        <Image src={main.fullUrl} alt={main.alt || title} width={main.width ?? 1200} height={main.height ?? 1200} sizes="(max-width: 800px) 100vw, 560px" priority />
      </div>
      {usable.length > 1 ? (
        <ul className="gallery-thumbs" aria-label="More pictures">
          {usable.map((image, i) => (
            <li key={image.assetId}>
              <button type="button" onClick={() => setShown(i)} aria-pressed={i === shown} aria-label={`Picture ${i + 1} of ${usable.length}`}>
                <Image src={image.thumbUrl ?? image.fullUrl ?? ""} alt="" width={72} height={72} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The product page's interactive part: the variant picker drives the price, compare-at price and stock shown. */
export function ProductView({ storeSlug, handle, signedIn = false }: { storeSlug: string; handle: string; signedIn?: boolean }) {
  const trpc = useTRPC();
  const { data: product } = useSuspenseQuery(trpc.search.getProduct.queryOptions({ storeSlug, handle }));
  const [selection, setSelection] = useState<Selection>(() => initialSelection(product.variants));
  const baseId = useId();
  const variant = variantFor(product.variants, product.options, selection) ?? product.variants[0];
  const pickable = product.options.filter((o) => !(o.values.length === 1 && product.variants.length === 1));

  return (
    <article className="product">
      <Gallery images={product.images} title={product.title} />
      <div className="product-info">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <ol>
            {product.category.map((c, i) => (
              <li key={c.id}>
                <Link href={categoryHref(product.category.slice(0, i + 1))}>{c.name}</Link>
              </li>
            ))}
          </ol>
        </nav>
        <h1>{product.title}</h1>
        <p>
          Sold by{" "}
          <Link href={`/s/${product.store.slug}`} data-testid="store-link">
            {product.store.name}
          </Link>
        </p>
        <p className="rating" data-testid="rating">
          {product.rating.count > 0 ? (
            <>
              <span aria-hidden="true">★</span> {product.rating.average.toFixed(1)} out of 5 ({product.rating.count} {product.rating.count === 1 ? "review" : "reviews"})
            </>
          ) : (
            "No reviews yet"
          )}
        </p>
        {variant ? (
          <div className="product-buy">
            <p className="product-price">
              <span data-testid="variant-price">{formatMoney(variant.priceAmount, variant.currency)}</span>
              {variant.compareAtAmount && variant.compareAtAmount > variant.priceAmount ? (
                <>
                  {" "}
                  <s data-testid="compare-at-price">
                    <span className="sr-only">was </span>
                    {formatMoney(variant.compareAtAmount, variant.currency)}
                  </s>
                </>
              ) : null}
            </p>
            <p className={variant.available > 0 ? "stock-ok" : "stock-out"} data-testid="variant-stock" aria-live="polite">
              {stockText(variant.available)}
            </p>
            {pickable.map((option) => (
              <fieldset key={option.name} className="option-picker">
                <legend>
                  {option.name}: <strong>{selection[option.name]}</strong>
                </legend>
                <div className="option-values">
                  {option.values.map((value) => {
                    const target = variantWith(product.variants, product.options, selection, option.name, value);
                    const id = `${baseId}-${option.name}-${value}`.replace(/[^A-Za-z0-9_-]/g, "_");
                    return (
                      <span key={value} className="option-value">
                        <input
                          type="radio"
                          id={id}
                          name={`${baseId}-${option.name}`}
                          value={value}
                          checked={selection[option.name] === value}
                          disabled={!target}
                          onChange={() => setSelection({ ...selection, [option.name]: value })}
                        />
                        <label htmlFor={id}>
                          {value}
                          {target && target.available <= 0 ? <span className="sr-only"> (sold out)</span> : null}
                          {!target ? <span className="sr-only"> (unavailable)</span> : null}
                        </label>
                      </span>
                    );
                  })}
                </div>
              </fieldset>
            ))}
            <p className="product-sku">SKU {variant.sku}</p>
            <AddToCart variantId={variant.id} available={variant.available} signedIn={signedIn} />
          </div>
        ) : null}
        <h2>About this product</h2>
        <p className="product-description">{product.description}</p>
      </div>
    </article>
  );
}
