"use client";

import type { RouterInputs } from "@bazaar/api";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { OptionsEditor } from "./options-editor";
import { VariantMatrix, type MatrixRow } from "./variant-matrix";
import {
  combinations,
  comboKey,
  draftOf,
  emptyDraft,
  toVariantInput,
  type DraftField,
  type OptionDraft,
  type ProductView,
  type VariantDraft,
} from "./variant-rows";

type Run = (action: (version: number) => Promise<ProductView>, done: string) => Promise<boolean>;

const sameValues = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * Options and variants of a saved product: options are saved as a whole list (setOptions, existing
 * variants take the first value of an added option); the matrix shows every combination, with Save and
 * Remove on existing variants and Add on combinations that have none yet.
 */
export function VariantsEditor({ product, run, disabled }: { product: ProductView; run: Run; disabled: boolean }) {
  const trpc = useTRPC();
  const setOptions = useMutation(trpc.catalog.setOptions.mutationOptions());
  const add = useMutation(trpc.catalog.addVariant.mutationOptions());
  const update = useMutation(trpc.catalog.updateVariant.mutationOptions());
  const remove = useMutation(trpc.catalog.removeVariant.mutationOptions());
  const saved: OptionDraft[] = product.options.map((o) => ({ name: o.name, values: o.values }));
  const [options, setOptionDrafts] = useState<OptionDraft[]>(saved);
  const [drafts, setDrafts] = useState<Record<string, VariantDraft>>({});
  const [errors, setErrors] = useState<Record<string, Partial<Record<DraftField, string>>>>({});
  const currency = product.variants[0]?.currency ?? "EUR";
  const optionsChanged = JSON.stringify(options) !== JSON.stringify(saved);

  function converted(key: string, draft: VariantDraft) {
    const result = toVariantInput(draft, currency);
    setErrors((e) => ({ ...e, [key]: result.ok ? {} : result.errors }));
    return result.ok ? result.variant : null;
  }

  const rows: MatrixRow[] = combinations(saved).map((values) => {
    const key = comboKey(saved, values);
    const variant = product.variants.find((v) => sameValues(v.optionValues, values));
    const draft = drafts[key] ?? (variant ? draftOf(variant) : emptyDraft(values));
    const forget = () => setDrafts(({ [key]: _, ...rest }) => rest);
    const actions = variant ? (
      <span className="inline-form">
        <button
          type="button"
          className="button button-secondary"
          disabled={disabled || !drafts[key]}
          aria-label={`Save variant ${key}`}
          onClick={() => {
            const input = converted(key, draft);
            if (!input) return;
            const { optionValues: _values, currency: _currency, ...changes } = input;
            const payload: RouterInputs["catalog"]["updateVariant"] = { variantId: variant.id, ...changes };
            void run((version) => update.mutateAsync({ ...payload, version }), `Variant ${key} saved.`).then((ok) => ok && forget());
          }}
        >
          Save
        </button>
        <button
          type="button"
          className="button-link"
          disabled={disabled || product.variants.length === 1}
          aria-label={`Remove variant ${key}`}
          onClick={() => void run((version) => remove.mutateAsync({ variantId: variant.id, version }), `Variant ${key} removed.`).then((ok) => ok && forget())}
        >
          Remove
        </button>
      </span>
    ) : (
      <button
        type="button"
        className="button"
        disabled={disabled}
        aria-label={`Add variant ${key}`}
        onClick={() => {
          const input = converted(key, draft);
          if (input) void run((version) => add.mutateAsync({ productId: product.id, version, variant: input }), `Variant ${key} added.`).then((ok) => ok && forget());
        }}
      >
        Add
      </button>
    );
    return { key, draft, errors: errors[key], actions, missing: !variant };
  });

  return (
    <div className="stack">
      <OptionsEditor key={JSON.stringify(saved)} options={options} onChange={setOptionDrafts} disabled={disabled} />
      {optionsChanged ? (
        <p className="inline-form">
          <button
            type="button"
            className="button"
            disabled={disabled}
            onClick={() => {
              const fill = Object.fromEntries(options.filter((o) => !saved.some((s) => s.name === o.name)).map((o) => [o.name, o.values[0]!]));
              void run((version) => setOptions.mutateAsync({ productId: product.id, version, options, fill }), "Options saved.");
            }}
          >
            Save options
          </button>
          <button type="button" className="button button-secondary" onClick={() => setOptionDrafts(saved)}>
            Undo option changes
          </button>
        </p>
      ) : null}
      <VariantMatrix rows={rows} currency={currency} onChange={(key, field, value) => setDrafts((d) => ({ ...d, [key]: { ...rows.find((r) => r.key === key)!.draft, [field]: value } }))} />
    </div>
  );
}
