import { signInPathFor } from "@bazaar/next-kit/auth";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Image from "next/image";
import { notFound } from "next/navigation";
import type { CSSProperties } from "react";

import { ReviewsPanel } from "../../../reviews/reviews-panel";
import { auth } from "../../../server/auth";
import { fetchListing } from "../../../storefront/fetch-listing";
import { parseListingParams, type RawParams, type Sort } from "../../../storefront/listing-params";
import { StoreListing } from "../../../storefront/listings";
import { themeStyle } from "../../../storefront/store-theme";
import { getQueryClient, HydrateClient, trpc } from "../../../trpc/server";

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<RawParams>;
}

async function loadStore(params: Props["params"]) {
  const { slug } = await params;
  try {
    return await getQueryClient().fetchQuery(trpc.stores.resolveHost.queryOptions({ slug }));
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const store = await loadStore(params);
  return {
    title: store.name,
    description: `Shop ${store.name} on Bazaar.`,
    alternates: { canonical: `/s/${store.slug}` },
    ...(store.theme.banner?.url ? { openGraph: { images: [store.theme.banner.url] } } : {}),
  };
}

const SORTS: readonly Sort[] = ["newest", "price_asc", "price_desc", "rating"];

/** A seller's store in its own theme; also what its verified custom domain serves at `/` (src/proxy.ts). */
export default async function StorePage({ params, searchParams }: Props) {
  const store = await loadStore(params);
  const basePath = `/s/${store.slug}`;
  const state = { ...parseListingParams(await searchParams), q: "" };
  const input = {
    storeSlug: store.slug,
    filters: state.filters,
    sort: state.sort ?? ("newest" as const),
    limit: 24,
    withFacets: true,
    ...(state.cursor ? { cursor: state.cursor } : {}),
  };
  await fetchListing(() => getQueryClient().fetchQuery(trpc.search.listByStore.queryOptions(input)), basePath, state);
  const [rating, session] = await Promise.all([getQueryClient().fetchQuery(trpc.reviews.sellerRating.queryOptions({ tenantId: store.tenantId })), auth.getSession()]);
  const theme = themeStyle(store.theme);
  const style = { ...theme.vars, ...(theme.fontFamily ? { fontFamily: theme.fontFamily } : {}) } as CSSProperties;

  return (
    <HydrateClient>
      <div className={`store store-${theme.layout}`} style={style} data-testid="store-page" data-layout={theme.layout}>
        <header className="store-header">
          {store.theme.banner?.url ? (
            <div className="store-banner">
              <Image src={store.theme.banner.url} alt="" fill sizes="100vw" priority />
            </div>
          ) : null}
          <div className="store-band">
            {store.theme.logo?.url ? <Image src={store.theme.logo.url} alt={`${store.name} logo`} width={72} height={72} className="store-logo" /> : null}
            <h1>{store.name}</h1>
          </div>
        </header>
        <StoreListing input={input} state={state} basePath={basePath} defaultSort="newest" sorts={SORTS} showStoreFacet={false} showStore={false} />
        <ReviewsPanel subject={{ tenantId: store.tenantId }} summary={rating} title={`Reviews of ${store.name}`} signInHref={session ? null : signInPathFor("/sign-in", basePath)} />
      </div>
    </HydrateClient>
  );
}
