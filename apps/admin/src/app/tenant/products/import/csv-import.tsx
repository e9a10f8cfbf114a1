"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { StoreSelect } from "../../store-select";

interface RowError {
  line: number;
  column: string;
  message: string;
}

function rowErrorsOf(error: ApiErrorView | null): { errors: RowError[]; count: number } | null {
  const errors = error?.details?.errors;
  if (!Array.isArray(errors)) return null;
  const count = typeof error?.details?.errorCount === "number" ? error.details.errorCount : errors.length;
  return { errors: errors as RowError[], count };
}

/** Upload a CSV; check it only (dry run) or import it. The API applies all of it or none. */
export function CsvImport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: stores } = useSuspenseQuery(trpc.stores.list.queryOptions());
  const importCsv = useMutation(trpc.catalog.importProductsCsv.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [report, setReport] = useState<{ applied: boolean; products: number; variants: number } | null>(null);
  const rows = rowErrorsOf(error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setReport(null);
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setError({ code: "BAD_REQUEST", message: "Choose a CSV file first.", fieldErrors: {}, retryAfter: null });
      return;
    }
    try {
      const result = await importCsv.mutateAsync({ storeId: String(form.get("storeId")), csv: await file.text(), dryRun: form.get("dryRun") === "on" });
      setReport(result);
      if (result.applied) await queryClient.invalidateQueries({ queryKey: trpc.catalog.listProducts.queryKey() });
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <section className="card stack" aria-labelledby="import-heading">
      <h2 id="import-heading">Import</h2>
      <form className="stack" onSubmit={submit} noValidate aria-labelledby="import-heading">
        <div className="inline-form">
          <StoreSelect id="import-store" label="Into store" stores={stores} name="storeId" defaultValue={stores[0]?.id} />
          <div className="field">
            <label htmlFor="import-file">CSV file</label>
            <input id="import-file" name="file" type="file" accept=".csv,text/csv" />
          </div>
          <label className="choice">
            <input type="checkbox" name="dryRun" /> Only check the file
          </label>
          <button type="submit" className="button" disabled={importCsv.isPending}>
            Upload
          </button>
        </div>
        <p className="field-hint">
          Columns: handle, title, description, status, category_path, tags, option1_name, option1_value … option3_value, sku, price, compare_at_price, currency,
          weight_grams, barcode, low_stock_threshold. Prices in major units (12.50).
        </p>
      </form>
      <FormAlert error={error} />
      {rows ? (
        <table className="data-table" data-testid="import-errors">
          <caption>
            {rows.count} problem{rows.count === 1 ? "" : "s"}
            {rows.count > rows.errors.length ? ` (the first ${rows.errors.length} shown)` : ""}; nothing was imported.
          </caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {rows.errors.map((e, i) => (
              <tr key={`${e.line}-${e.column}-${i}`}>
                <td>{e.line}</td>
                <td>{e.column}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report ? (
        <p role="status" className="form-success" data-testid="import-summary">
          {report.applied
            ? `Imported ${report.products} product${report.products === 1 ? "" : "s"} with ${report.variants} variant${report.variants === 1 ? "" : "s"}, as drafts unless the file says otherwise.`
            : `The file is valid: ${report.products} product${report.products === 1 ? "" : "s"} with ${report.variants} variant${report.variants === 1 ? "" : "s"} would be imported.`}{" "}
          {report.applied ? <Link href="/tenant/products">See the products</Link> : null}
        </p>
      ) : null}
    </section>
  );
}
