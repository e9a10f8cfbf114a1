"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { syncCollections } from "../collections-sync";
import { OptionsEditor } from "../options-editor";
import { ProductFields, readProductFields } from "../product-fields";
import { VariantMatrix } from "../variant-matrix";
import { combinations, comboKey, emptyDraft, toVariantInput, type DraftField, type OptionDraft, type VariantDraft } from "../variant-rows";
import { StoreSelect } from "../../store-select";

const CURRENCIES = ["EUR", "USD", "GBP", "NGN", "JPY", "CHF"];

/** The whole product in one createProduct call: fields, options and the matrix they generate. */
export function NewProductForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const { data: stores } = useSuspenseQuery(trpc.stores.list.queryOptions());
  const create = useMutation(trpc.catalog.createProduct.mutationOptions());
  const addToCollection = useMutation(trpc.catalog.addProductsToCollection.mutationOptions());
  const [options, setOptions] = useState<OptionDraft[]>([]);
  const [drafts, setDrafts] = useState<Record<string, VariantDraft>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, Partial<Record<DraftField, string>>>>({});
  const [currency, setCurrency] = useState("EUR");
  const [error, setError] = useState<ApiErrorView | null>(null);

  const rows = combinations(options).map((values) => {
    const key = comboKey(options, values);
    return { key, draft: { ...(drafts[key] ?? emptyDraft(values)), optionValues: values }, errors: rowErrors[key] };
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = new FormData(event.currentTarget);
    const fields = readProductFields(form);
    const converted = rows.map((r) => ({ key: r.key, result: toVariantInput(r.draft, currency) }));
    const errors = Object.fromEntries(converted.flatMap((c) => (c.result.ok ? [] : [[c.key, c.result.errors]])));
    setRowErrors(errors);
    if (Object.keys(errors).length > 0) {
      setError({ code: "BAD_REQUEST", message: "Please correct the highlighted variants.", fieldErrors: {}, retryAfter: null });
      return;
    }
    try {
      const product = await create.mutateAsync({
        storeId: String(form.get("storeId")),
        title: fields.title,
        ...(fields.handle ? { handle: fields.handle } : {}),
        description: fields.description,
        categoryId: fields.categoryId,
        tags: fields.tags,
        options,
        variants: converted.flatMap((c) => (c.result.ok ? [c.result.variant] : [])),
      });
      await syncCollections(addToCollection.mutateAsync, null, product.id, [], fields.collectionIds);
      router.push(`/tenant/products/${product.id}?created=1`);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="New product">
      <FormAlert error={error} />
      <section className="card stack" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <StoreSelect id="product-store" label="Store" stores={stores} name="storeId" defaultValue={stores[0]?.id} />
        <FieldError message={error?.fieldErrors.storeId} />
        <ProductFields error={error} />
      </section>
      <section className="card stack" aria-labelledby="variants-heading">
        <h2 id="variants-heading">Options and variants</h2>
        <OptionsEditor options={options} onChange={setOptions} />
        <div className="field">
          <label htmlFor="product-currency">Currency</label>
          <select id="product-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <VariantMatrix
          rows={rows}
          currency={currency}
          onChange={(key, field, value) =>
            setDrafts((current) => {
              const row = rows.find((r) => r.key === key)!;
              return { ...current, [key]: { ...row.draft, [field]: value } };
            })
          }
        />
        <FieldError message={error?.fieldErrors.variants ?? error?.fieldErrors.options} />
      </section>
      <p>
        <button type="submit" className="button" disabled={create.isPending}>
          Create product
        </button>
      </p>
    </form>
  );
}
