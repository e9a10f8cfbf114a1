"use client";

import type { ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useSuspenseQuery } from "@tanstack/react-query";
import { useMemo } from "react";

import { categoryOptions } from "./catalog-options";

export interface ProductFieldValues {
  title: string;
  handle: string;
  description: string;
  categoryId: string | null;
  tags: string[];
  collectionIds: string[];
}

/** Reads the shared fields back from a submitted form. */
export function readProductFields(form: FormData): ProductFieldValues {
  return {
    title: String(form.get("title") ?? "").trim(),
    handle: String(form.get("handle") ?? "").trim(),
    description: String(form.get("description") ?? ""),
    categoryId: String(form.get("categoryId") ?? "") || null,
    tags: String(form.get("tags") ?? "")
      .split(",")
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
    collectionIds: form.getAll("collectionIds").map(String),
  };
}

/** Title, handle, description, category (the platform tree), collections and tags: uncontrolled inputs. */
export function ProductFields({ initial, error }: { initial?: ProductFieldValues; error: ApiErrorView | null }) {
  const trpc = useTRPC();
  const { data: tree } = useSuspenseQuery(trpc.catalog.listCategories.queryOptions());
  const { data: collections } = useSuspenseQuery(trpc.catalog.listCollections.queryOptions({ limit: 100 }));
  const categories = useMemo(() => categoryOptions(tree), [tree]);
  const fe = error?.fieldErrors ?? {};
  return (
    <>
      <div className="field">
        <label htmlFor="product-title">Title</label>
        <input id="product-title" name="title" required maxLength={200} defaultValue={initial?.title} aria-invalid={Boolean(fe.title)} />
        <FieldError message={fe.title} />
      </div>
      <div className="field">
        <label htmlFor="product-handle">Handle</label>
        <input id="product-handle" name="handle" maxLength={120} pattern="[a-z0-9]+(-[a-z0-9]+)*" defaultValue={initial?.handle} aria-describedby="product-handle-hint" aria-invalid={Boolean(fe.handle)} />
        <span className="field-hint" id="product-handle-hint">
          The product&apos;s web address: lowercase letters, digits and dashes. Left empty, it is made from the title.
        </span>
        <FieldError message={fe.handle} />
      </div>
      <div className="field">
        <label htmlFor="product-description">Description</label>
        <textarea id="product-description" name="description" rows={4} maxLength={20_000} defaultValue={initial?.description} />
        <FieldError message={fe.description} />
      </div>
      <div className="field">
        <label htmlFor="product-category">Category</label>
        <select id="product-category" name="categoryId" defaultValue={initial?.categoryId ?? ""}>
          <option value="">No category</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <FieldError message={fe.categoryId} />
      </div>
      <div className="field">
        <label htmlFor="product-tags">Tags</label>
        <input id="product-tags" name="tags" defaultValue={initial?.tags.join(", ")} aria-describedby="product-tags-hint" />
        <span className="field-hint" id="product-tags-hint">
          Separated by commas
        </span>
        <FieldError message={fe.tags} />
      </div>
      {collections.items.length > 0 ? (
        <fieldset className="choice-group">
          <legend>Collections</legend>
          {collections.items.map((c) => (
            <label key={c.id} className="choice">
              <input type="checkbox" name="collectionIds" value={c.id} defaultChecked={initial?.collectionIds.includes(c.id)} /> {c.title}
            </label>
          ))}
        </fieldset>
      ) : null}
    </>
  );
}
