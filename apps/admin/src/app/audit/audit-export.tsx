"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useState, type FormEvent } from "react";

type ExportResult = RouterOutputs["audit"]["export"];
type Format = "jsonl" | "csv";

const DAY_MS = 24 * 60 * 60 * 1000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Hands a string to the browser as a file download. */
function download(result: ExportResult) {
  const url = URL.createObjectURL(new Blob([result.content], { type: result.contentType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = result.filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Compliance export of one chain for a date range (UTC days, `to` inclusive), as JSONL or CSV. */
export function AuditExport({ exportRange }: { exportRange: ((input: { from: Date; to: Date; format: Format }) => Promise<ExportResult>) | null }) {
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Fixed at first render so the server and the browser agree on the defaults.
  const [defaults] = useState(() => ({ from: isoDay(new Date(Date.now() - 30 * DAY_MS)), to: isoDay(new Date()) }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!exportRange) return;
    const form = new FormData(event.currentTarget);
    const from = new Date(`${String(form.get("from"))}T00:00:00Z`);
    // The last day counts whole: the API's `to` is exclusive.
    const to = new Date(new Date(`${String(form.get("to"))}T00:00:00Z`).getTime() + DAY_MS);
    setError(null);
    setDone(null);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      setError({ code: "BAD_REQUEST", message: "Pick both dates.", fieldErrors: {}, retryAfter: null });
      return;
    }
    setPending(true);
    try {
      const result = await exportRange({ from, to, format: String(form.get("format")) === "csv" ? "csv" : "jsonl" });
      download(result);
      setDone(`${result.entries} entries exported to ${result.filename}.`);
    } catch (cause) {
      setError(apiErrorOf(cause));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Compliance export</h2>
      {exportRange ? (
        <form onSubmit={submit} noValidate className="stack">
          <div className="inline-form">
            <div className="field">
              <label htmlFor="export-from">From</label>
              <input id="export-from" name="from" type="date" defaultValue={defaults.from} />
            </div>
            <div className="field">
              <label htmlFor="export-to">To (inclusive)</label>
              <input id="export-to" name="to" type="date" defaultValue={defaults.to} aria-invalid={Boolean(error?.fieldErrors.to)} />
              <FieldError message={error?.fieldErrors.to} />
            </div>
            <div className="field">
              <label htmlFor="export-format">Format</label>
              <select id="export-format" name="format" defaultValue="jsonl">
                <option value="jsonl">JSON Lines</option>
                <option value="csv">CSV</option>
              </select>
            </div>
          </div>
          <p>
            <button type="submit" className="button" disabled={pending}>
              {pending ? "Exporting…" : "Download export"}
            </button>
          </p>
          <FormAlert error={error} />
          {done ? <p role="status" className="form-success">{done}</p> : null}
        </form>
      ) : (
        <p className="form-notice">Pick one tenant&apos;s chain to export it.</p>
      )}
    </section>
  );
}
