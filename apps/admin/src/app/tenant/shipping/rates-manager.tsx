"use client";

import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatMoney } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { SuccessNotice } from "../../success-notice";
import { useActionFeedback } from "../../use-action-feedback";
import { majorToMinor, minorToMajor } from "../products/money";
import { TableHead } from "../../table-head";

type Kind = "FLAT" | "WEIGHT";

/** Shipping rates: a flat amount, or a base plus an amount per started kilogram; add, edit, delete. */
export function RatesManager({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: rates } = useSuspenseQuery(trpc.shipping.listRates.queryOptions());
  const create = useMutation(trpc.shipping.createRate.mutationOptions());
  const update = useMutation(trpc.shipping.updateRate.mutationOptions());
  const remove = useMutation(trpc.shipping.deleteRate.mutationOptions());
  const { error, notice, run } = useActionFeedback(() => queryClient.invalidateQueries({ queryKey: trpc.shipping.pathKey() }));
  const [editingId, setEditingId] = useState<string | null>(null);
  const [kind, setKind] = useState<Kind>("FLAT");
  const [amountError, setAmountError] = useState<string | null>(null);
  const editing = rates.find((r) => r.id === editingId) ?? null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAmountError(null);
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const field = (name: string) => String(form.get(name) ?? "").trim();
    const currency = field("currency").toUpperCase();
    const base = majorToMinor(field("baseAmount"), currency || "EUR");
    const perKg = kind === "WEIGHT" ? majorToMinor(field("perKgAmount") || "0", currency || "EUR") : ({ ok: true, minor: 0 } as const);
    if (!base.ok) return setAmountError(`Base amount: ${base.message}`);
    if (!perKg.ok) return setAmountError(`Per kg: ${perKg.message}`);
    const input = { code: field("code"), name: field("name"), kind, currency, baseAmount: base.minor, perKgAmount: perKg.minor };
    const clear = () => {
      formElement.reset();
      setEditingId(null);
      setKind("FLAT");
    };
    if (editing) await run(() => update.mutateAsync({ id: editing.id, ...input }), `Rate ${input.name} saved.`, clear);
    else await run(() => create.mutateAsync(input), `Rate ${input.name} added.`, clear);
  }

  function startEditing(id: string) {
    const rate = rates.find((r) => r.id === id);
    setEditingId(id);
    setKind(rate?.kind ?? "FLAT");
  }

  return (
    <section className="card stack" aria-labelledby="rates-heading">
      <h2 id="rates-heading">Shipping rates</h2>
      <FormAlert error={error} />
      <SuccessNotice message={notice} />
      <table className="data-table" data-testid="shipping-rates">
        <TableHead columns={["Name", "Code", "Kind", "Base", "Per started kg"]} action={canManage && "Actions"} />
        <tbody>
          {rates.length === 0 ? (
            <tr>
              <td colSpan={6}>No shipping rates yet: shoppers cannot check out your products until you add one.</td>
            </tr>
          ) : null}
          {rates.map((r) => (
            <tr key={r.id} data-code={r.code}>
              <td>{r.name}</td>
              <td>{r.code}</td>
              <td>{r.kind === "FLAT" ? "flat" : "by weight"}</td>
              <td>{formatMoney(r.baseAmount, r.currency)}</td>
              <td>{r.kind === "WEIGHT" ? formatMoney(r.perKgAmount, r.currency) : "—"}</td>
              {canManage ? (
                <td>
                  <button type="button" className="button-link" aria-label={`Edit ${r.name}`} onClick={() => startEditing(r.id)}>
                    Edit
                  </button>{" "}
                  <button
                    type="button"
                    className="button-link"
                    disabled={remove.isPending}
                    aria-label={`Delete ${r.name}`}
                    onClick={() => void run(() => remove.mutateAsync({ id: r.id }), `Rate ${r.name} deleted.`)}
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
        <form key={editingId ?? "new"} className="stack" onSubmit={submit} noValidate aria-label={editing ? `Edit rate ${editing.name}` : "New shipping rate"}>
          <h3>{editing ? `Edit ${editing.name}` : "Add a rate"}</h3>
          {amountError ? (
            <p role="alert" className="field-error">
              {amountError}
            </p>
          ) : null}
          <div className="inline-form">
            <div className="field">
              <label htmlFor="rate-name">Rate name</label>
              <input id="rate-name" name="name" maxLength={120} required defaultValue={editing?.name ?? ""} aria-invalid={Boolean(error?.fieldErrors.name)} />
              <FieldError message={error?.fieldErrors.name} />
            </div>
            <div className="field">
              <label htmlFor="rate-code">Rate code</label>
              <input id="rate-code" name="code" maxLength={40} required placeholder="standard" defaultValue={editing?.code ?? ""} aria-invalid={Boolean(error?.fieldErrors.code)} />
              <FieldError message={error?.fieldErrors.code} />
            </div>
            <div className="field">
              <label htmlFor="rate-kind">Kind</label>
              <select id="rate-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
                <option value="FLAT">Flat</option>
                <option value="WEIGHT">By weight</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="rate-currency">Currency</label>
              <input id="rate-currency" name="currency" maxLength={3} required placeholder="EUR" defaultValue={editing?.currency ?? ""} aria-invalid={Boolean(error?.fieldErrors.currency)} />
              <FieldError message={error?.fieldErrors.currency} />
            </div>
            <div className="field">
              <label htmlFor="rate-base">Base amount</label>
              <input id="rate-base" name="baseAmount" inputMode="decimal" required placeholder="4.99" defaultValue={editing ? minorToMajor(editing.baseAmount, editing.currency) : ""} />
            </div>
            {kind === "WEIGHT" ? (
              <div className="field">
                <label htmlFor="rate-per-kg">Per started kg</label>
                <input id="rate-per-kg" name="perKgAmount" inputMode="decimal" placeholder="2.50" defaultValue={editing ? minorToMajor(editing.perKgAmount, editing.currency) : ""} />
              </div>
            ) : null}
          </div>
          <div className="inline-form">
            <button type="submit" className="button" disabled={create.isPending || update.isPending}>
              {editing ? "Save rate" : "Add rate"}
            </button>
            {editing ? (
              <button type="button" className="button-link" onClick={() => setEditingId(null)}>
                Cancel
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
