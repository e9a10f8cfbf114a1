"use client";

import { FieldError } from "@bazaar/next-kit/forms";
import type { ReactNode } from "react";

import type { DraftField, VariantDraft } from "./variant-rows";

const COLUMNS: { field: DraftField; label: string; inputMode: "text" | "decimal" | "numeric"; width: number }[] = [
  { field: "sku", label: "SKU", inputMode: "text", width: 10 },
  { field: "price", label: "Price", inputMode: "decimal", width: 7 },
  { field: "compareAt", label: "Compare-at price", inputMode: "decimal", width: 7 },
  { field: "weight", label: "Weight (g)", inputMode: "numeric", width: 5 },
  { field: "barcode", label: "Barcode", inputMode: "text", width: 10 },
  { field: "threshold", label: "Low-stock threshold", inputMode: "numeric", width: 5 },
];

export interface MatrixRow {
  key: string;
  draft: VariantDraft;
  errors?: Partial<Record<DraftField, string>>;
  /** Per-row buttons (save, add, remove) in edit mode. */
  actions?: ReactNode;
  /** A combination with no variant yet (edit mode). */
  missing?: boolean;
}

/**
 * One row per combination of option values; prices are typed in major units of `currency` and turned
 * into minor units only by money.ts. Every input is labelled with its column and its combination.
 */
export function VariantMatrix({
  rows,
  currency,
  onChange,
}: {
  rows: MatrixRow[];
  currency: string;
  onChange: (key: string, field: DraftField, value: string) => void;
}) {
  const hasActions = rows.some((r) => r.actions);
  return (
    <table className="data-table" data-testid="variant-matrix">
      <thead>
        <tr>
          <th scope="col">Variant</th>
          {COLUMNS.map((c) => (
            <th key={c.field} scope="col">
              {c.label}
              {c.field === "price" || c.field === "compareAt" ? ` (${currency})` : ""}
            </th>
          ))}
          {hasActions ? (
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-variant={row.key} data-missing={row.missing ? "true" : undefined}>
            <th scope="row">
              {row.key}
              {row.missing ? <small> (not created)</small> : null}
            </th>
            {COLUMNS.map((c) => (
              <td key={c.field}>
                <input
                  aria-label={`${c.label} of ${row.key}`}
                  inputMode={c.inputMode}
                  size={c.width}
                  value={row.draft[c.field]}
                  aria-invalid={Boolean(row.errors?.[c.field])}
                  onChange={(e) => onChange(row.key, c.field, e.target.value)}
                />
                <FieldError message={row.errors?.[c.field]} />
              </td>
            ))}
            {hasActions ? <td>{row.actions}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
