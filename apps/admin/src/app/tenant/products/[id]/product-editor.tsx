"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";

import { PRODUCT_STATUS_LABELS, STATUS_TONE } from "../catalog-options";
import { syncCollections } from "../collections-sync";
import { staleVersion } from "../conflict";
import { ImageManager } from "../image-manager";
import { ProductFields, readProductFields } from "../product-fields";
import type { ProductView } from "../variant-rows";
import { VariantsEditor } from "../variants-editor";
import { SuccessNotice } from "../../../success-notice";

/**
 * A saved product. Every change sends the version this page last saw; when someone else saved in
 * between, the API answers CONFLICT and the page says so instead of overwriting their change.
 */
export function ProductEditor({ productId, justCreated, canEdit, canRelease }: { productId: string; justCreated: boolean; canEdit: boolean; canRelease: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = trpc.catalog.getProduct.queryOptions({ productId });
  const { data: product, refetch } = useSuspenseQuery(query);
  const [version, setVersion] = useState(product.version);
  const [formKey, setFormKey] = useState(0);
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(justCreated ? "Product created as a draft." : null);
  const update = useMutation(trpc.catalog.updateProduct.mutationOptions());
  const setImages = useMutation(trpc.catalog.setImages.mutationOptions());
  const addTo = useMutation(trpc.catalog.addProductsToCollection.mutationOptions());
  const removeFrom = useMutation(trpc.catalog.removeProductsFromCollection.mutationOptions());
  const publish = useMutation(trpc.catalog.publishProduct.mutationOptions());
  const unpublish = useMutation(trpc.catalog.unpublishProduct.mutationOptions());
  const archive = useMutation(trpc.catalog.archiveProduct.mutationOptions());
  const conflict = staleVersion(error);
  const busy = conflict !== null || update.isPending || setImages.isPending;

  function apply(next: ProductView) {
    setVersion(next.version);
    queryClient.setQueryData(query.queryKey, next);
  }

  async function run(action: (version: number) => Promise<ProductView>, done: string): Promise<boolean> {
    setError(null);
    setNotice(null);
    try {
      apply(await action(version));
      setNotice(done);
      await queryClient.invalidateQueries({ queryKey: trpc.catalog.listProducts.queryKey() });
      return true;
    } catch (cause) {
      setError(apiErrorOf(cause));
      return false;
    }
  }

  async function reload() {
    const fresh = await refetch();
    if (fresh.data) setVersion(fresh.data.version);
    setFormKey((k) => k + 1);
    setError(null);
    setNotice("Reloaded: you are now editing the latest version.");
  }

  async function saveDetails(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = readProductFields(new FormData(event.currentTarget));
    await run(async (v) => {
      const saved = await update.mutateAsync({
        productId,
        version: v,
        title: fields.title,
        ...(fields.handle ? { handle: fields.handle } : {}),
        description: fields.description,
        categoryId: fields.categoryId,
        tags: fields.tags,
      });
      if (fields.collectionIds.join() === saved.collectionIds.join()) return saved;
      await syncCollections(addTo.mutateAsync, removeFrom.mutateAsync, productId, saved.collectionIds, fields.collectionIds);
      return (await refetch()).data ?? saved;
    }, "Details saved.");
  }

  const status = (action: "publish" | "unpublish" | "archive", done: string) =>
    void run((v) => ({ publish, unpublish, archive })[action].mutateAsync({ productId, version: v }), done);

  return (
    <div className="stack">
      <p>
        <Link href="/tenant/products">← All products</Link>
      </p>
      <h1>{product.title}</h1>
      <p className="lead">
        <span className="badge" data-tone={STATUS_TONE[product.status]} data-testid="product-status">
          {PRODUCT_STATUS_LABELS[product.status]}
        </span>{" "}
        <small>
          version {product.version} · /{product.handle}
        </small>
      </p>

      {conflict !== null ? (
        <div role="alert" className="form-alert" data-testid="product-conflict">
          <p>
            Someone else changed this product while you were editing it (it is now at version {conflict}; you had version {version}). Nothing of
            yours was saved. Reload to see their changes, then make yours again.
          </p>
          <button type="button" className="button" onClick={() => void reload()}>
            Reload the product
          </button>
        </div>
      ) : (
        <FormAlert error={error} />
      )}
      <SuccessNotice message={notice} />

      {canRelease ? (
        <section className="card" aria-labelledby="status-heading">
          <h2 id="status-heading">Visibility</h2>
          <p className="inline-form">
            {product.status !== "PUBLISHED" ? (
              <button type="button" className="button" disabled={busy} onClick={() => status("publish", "Published: shoppers can see it.")}>
                {product.status === "ARCHIVED" ? "Publish again" : "Publish"}
              </button>
            ) : (
              <button type="button" className="button button-secondary" disabled={busy} onClick={() => status("unpublish", "Unpublished: back to draft.")}>
                Unpublish
              </button>
            )}
            {product.status === "ARCHIVED" ? (
              <button type="button" className="button button-secondary" disabled={busy} onClick={() => status("unpublish", "Restored as a draft.")}>
                Restore as draft
              </button>
            ) : (
              <button type="button" className="button button-danger" disabled={busy} onClick={() => status("archive", "Archived.")}>
                Archive
              </button>
            )}
          </p>
        </section>
      ) : null}

      <form key={formKey} className="card stack" onSubmit={saveDetails} noValidate aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <fieldset disabled={!canEdit || busy} className="stack">
          <ProductFields
            error={error}
            initial={{
              title: product.title,
              handle: product.handle,
              description: product.description,
              categoryId: product.categoryId,
              tags: product.tags,
              collectionIds: product.collectionIds,
            }}
          />
          <p>
            <button type="submit" className="button">
              Save details
            </button>
          </p>
        </fieldset>
      </form>

      <section className="card stack" aria-labelledby="images-heading">
        <h2 id="images-heading">Images</h2>
        <ImageManager
          key={formKey}
          images={product.images}
          disabled={!canEdit || busy}
          onSave={(images, done) => run((v) => setImages.mutateAsync({ productId, version: v, images }), done)}
          onError={(message) => setError({ code: "BAD_REQUEST", message, fieldErrors: {}, retryAfter: null })}
        />
      </section>

      <section className="card stack" aria-labelledby="variants-heading">
        <h2 id="variants-heading">Options and variants</h2>
        <VariantsEditor key={`${formKey}-${product.options.map((o) => o.name + o.values.join()).join("|")}`} product={product} run={run} disabled={!canEdit || busy} />
        <p>
          <Link href={`/tenant/inventory?product=${product.id}`}>Stock of this product</Link>
        </p>
      </section>
    </div>
  );
}
