"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

/** The whole catalog as CSV (the import's format), saved as a file by the browser. */
export function CsvExport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function download() {
    setError(null);
    setDone(null);
    setPending(true);
    try {
      const { csv, products, rows } = await queryClient.fetchQuery({ ...trpc.catalog.exportProductsCsv.queryOptions({}), staleTime: 0 });
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `products-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(url);
      setDone(`Exported ${products} product${products === 1 ? "" : "s"} in ${rows} row${rows === 1 ? "" : "s"}.`);
    } catch (cause) {
      setError(apiErrorOf(cause));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card stack" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <FormAlert error={error} />
      <p>
        <button type="button" className="button button-secondary" disabled={pending} onClick={() => void download()}>
          Download products as CSV
        </button>
      </p>
      {done ? <p role="status">{done}</p> : null}
    </section>
  );
}
