import { signInPathFor } from "@bazaar/next-kit/auth";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { ReviewsPanel } from "../../../../reviews/reviews-panel";
import { auth } from "../../../../server/auth";
import { publicUrl } from "../../../../storefront/site-url";
import { jsonLdText, productJsonLd } from "../../../../storefront/product-json-ld";
import { ProductView } from "../../../../storefront/product-view";
import { getQueryClient, HydrateClient, trpc } from "../../../../trpc/server";

interface Props {
  params: Promise<{ store: string; handle: string }>;
}

/** The product from the Redis read model; an unknown, unlisted or malformed product or store is a 404. */
async function load(params: Props["params"]) {
  const { store, handle } = await params;
  try {
    return await getQueryClient().fetchQuery(trpc.search.getProduct.queryOptions({ storeSlug: store, handle }));
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await load(params);
  const path = `/p/${product.store.slug}/${product.handle}`;
  const image = product.images[0]?.cardUrl;
  const description = product.description.length > 160 ? `${product.description.slice(0, 157)}…` : product.description;
  return {
    title: `${product.title} — ${product.store.name}`,
    description,
    alternates: { canonical: path },
    openGraph: { title: product.title, description, url: path, type: "website", ...(image ? { images: [image] } : {}) },
  };
}

export default async function ProductPage({ params }: Props) {
  const product = await load(params);
  const path = `/p/${product.store.slug}/${product.handle}`;
  const ld = productJsonLd(product, publicUrl(path));
  const [rating, session] = await Promise.all([getQueryClient().fetchQuery(trpc.reviews.productRating.queryOptions({ productId: product.id })), auth.getSession()]);
  return (
    <HydrateClient>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(ld) }} />
      <ProductView storeSlug={product.store.slug} handle={product.handle} signedIn={session !== null} />
      <ReviewsPanel subject={{ productId: product.id }} summary={rating} title="Customer reviews" signInHref={session ? null : signInPathFor("/sign-in", path)} />
    </HydrateClient>
  );
}
