"use client";

import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { SuccessNotice } from "../../success-notice";
import { useActionFeedback } from "../../use-action-feedback";
import { TableHead } from "../../table-head";

/** "19" or "5.5" percent → basis points (1900, 550), with string arithmetic; null when it is not a percentage. */
export function percentToBps(input: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(input.trim());
  if (!match) return null;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : null;
}

const percent = (bps: number) => `${(bps / 100).toFixed(2).replace(/\.?0+$/, "")} %`;

/** Tax rates per shipping region: SUPPORT reads, OPERATORs set and remove (audited by the API). */
export function TaxRatesManager({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: rates } = useSuspenseQuery(trpc.taxRates.list.queryOptions());
  const upsert = useMutation(trpc.taxRates.upsert.mutationOptions());
  const remove = useMutation(trpc.taxRates.delete.mutationOptions());
  const { error, notice, run } = useActionFeedback(() => queryClient.invalidateQueries({ queryKey: trpc.taxRates.pathKey() }));
  const [rateError, setRateError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setRateError(null);
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const region = String(form.get("region") ?? "").trim().toUpperCase();
    const rateBps = percentToBps(String(form.get("rate") ?? ""));
    if (rateBps === null) return setRateError("a percentage from 0 to 100 with at most two decimals");
    await run(() => upsert.mutateAsync({ region, rateBps }), `Tax rate for ${region} set to ${percent(rateBps)}.`, () => formElement.reset());
  }

  return (
    <section className="card stack" aria-labelledby="tax-rates-heading">
      <h2 id="tax-rates-heading">Regions</h2>
      <FormAlert error={error} />
      <SuccessNotice message={notice} />
      <table className="data-table" data-testid="tax-rates">
        <TableHead columns={["Region", "Rate", "Updated"]} action={canManage && "Action"} />
        <tbody>
          {rates.length === 0 ? (
            <tr>
              <td colSpan={4}>No tax rates yet.</td>
            </tr>
          ) : null}
          {rates.map((r) => (
            <tr key={r.region} data-region={r.region}>
              <td>{r.region}</td>
              <td>{percent(r.rateBps)}</td>
              <td>{new Date(r.updatedAt).toISOString().slice(0, 16).replace("T", " ")} UTC</td>
              {canManage ? (
                <td>
                  <button
                    type="button"
                    className="button-link"
                    disabled={remove.isPending}
                    aria-label={`Delete ${r.region}`}
                    onClick={() => void run(() => remove.mutateAsync({ region: r.region }), `Tax rate for ${r.region} removed.`)}
                  >
                    Delete
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {canManage ? (
        <form className="inline-form" onSubmit={submit} noValidate aria-label="Set a tax rate">
          <div className="field">
            <label htmlFor="tax-region">Region</label>
            <input id="tax-region" name="region" maxLength={2} required placeholder="DE" aria-invalid={Boolean(error?.fieldErrors.region)} />
            <FieldError message={error?.fieldErrors.region} />
          </div>
          <div className="field">
            <label htmlFor="tax-rate">Rate (%)</label>
            <input id="tax-rate" name="rate" inputMode="decimal" required placeholder="19" aria-invalid={Boolean(rateError)} />
            <FieldError message={rateError ?? error?.fieldErrors.rateBps} />
          </div>
          <button type="submit" className="button" disabled={upsert.isPending}>
            Set rate
          </button>
        </form>
      ) : null}
    </section>
  );
}
