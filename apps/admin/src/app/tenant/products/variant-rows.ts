import type { RouterInputs, RouterOutputs } from "@bazaar/api";

import { majorToMinor, minorToMajor } from "./money";

export type ProductView = RouterOutputs["catalog"]["getProduct"];
export type VariantView = ProductView["variants"][number];
export type VariantInput = RouterInputs["catalog"]["createProduct"]["variants"][number];

export interface OptionDraft {
  name: string;
  values: string[];
}

/** One row of the variant matrix as the seller edits it: amounts as typed (major units), not yet converted. */
export interface VariantDraft {
  optionValues: Record<string, string>;
  sku: string;
  price: string;
  compareAt: string;
  weight: string;
  barcode: string;
  threshold: string;
}

/** Every combination of the options' values, in option order (no options: the one plain variant). */
export function combinations(options: readonly OptionDraft[]): Record<string, string>[] {
  return options.reduce<Record<string, string>[]>(
    (rows, option) => rows.flatMap((row) => option.values.map((value) => ({ ...row, [option.name]: value }))),
    [{}],
  );
}

export function comboKey(options: readonly OptionDraft[], values: Record<string, string>): string {
  return options.map((o) => values[o.name] ?? "").join(" / ") || "Default";
}

export function emptyDraft(optionValues: Record<string, string>): VariantDraft {
  return { optionValues, sku: "", price: "", compareAt: "", weight: "", barcode: "", threshold: "" };
}

export function draftOf(variant: VariantView): VariantDraft {
  return {
    optionValues: variant.optionValues,
    sku: variant.sku,
    price: minorToMajor(variant.priceAmount, variant.currency),
    compareAt: variant.compareAtAmount === null ? "" : minorToMajor(variant.compareAtAmount, variant.currency),
    weight: variant.weightGrams === null ? "" : String(variant.weightGrams),
    barcode: variant.barcode ?? "",
    threshold: variant.lowStockThreshold === null ? "" : String(variant.lowStockThreshold),
  };
}

export type DraftField = "sku" | "price" | "compareAt" | "weight" | "barcode" | "threshold";
export type DraftResult = { ok: true; variant: VariantInput } | { ok: false; errors: Partial<Record<DraftField, string>> };

function wholeNumber(text: string): number | null | undefined {
  if (!text.trim()) return null;
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** The API's variant input from a row, or what is wrong with it, field by field. */
export function toVariantInput(draft: VariantDraft, currency: string): DraftResult {
  const errors: Partial<Record<DraftField, string>> = {};
  if (!draft.sku.trim()) errors.sku = "a SKU is required";
  const price = majorToMinor(draft.price, currency);
  if (!price.ok) errors.price = draft.price.trim() ? price.message : "a price is required";
  const compareAt = draft.compareAt.trim() ? majorToMinor(draft.compareAt, currency) : null;
  if (compareAt && !compareAt.ok) errors.compareAt = compareAt.message;
  const weight = wholeNumber(draft.weight);
  if (weight === undefined) errors.weight = "whole grams";
  const threshold = wholeNumber(draft.threshold);
  if (threshold === undefined) errors.threshold = "a whole number of units";
  if (Object.keys(errors).length > 0 || !price.ok || (compareAt && !compareAt.ok)) return { ok: false, errors };
  return {
    ok: true,
    variant: {
      sku: draft.sku.trim(),
      optionValues: draft.optionValues,
      priceAmount: price.minor,
      compareAtAmount: compareAt ? compareAt.minor : null,
      currency,
      weightGrams: weight ?? null,
      barcode: draft.barcode.trim() || null,
      lowStockThreshold: threshold ?? null,
    },
  };
}
