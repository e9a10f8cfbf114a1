"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { SuccessNotice } from "../../success-notice";

type Variant = RouterOutputs["catalog"]["getProduct"]["variants"][number];
type Location = RouterOutputs["inventory"]["listLocations"][number];

/** Receive units (a delivery) or adjust on hand by a signed amount (a recount, damage), with a reason. */
export function StockForm({ variants, locations }: { variants: Variant[]; locations: Location[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const receive = useMutation(trpc.inventory.receiveStock.mutationOptions());
  const adjust = useMutation(trpc.inventory.adjustStock.mutationOptions());
  const [kind, setKind] = useState<"receive" | "adjust">("receive");
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const variantId = String(form.get("variantId"));
    const locationId = String(form.get("locationId"));
    const amountText = String(form.get("quantity") ?? "").trim();
    const reason = String(form.get("reason") ?? "").trim();
    const amount = /^[+-]?\d{1,7}$/.test(amountText) ? Number(amountText) : Number.NaN;
    const bad = (field: string, message: string) => setError({ code: "BAD_REQUEST", message: "Please correct the highlighted fields.", fieldErrors: { [field]: message }, retryAfter: null });
    if (Number.isNaN(amount) || amount === 0 || (kind === "receive" && amount < 0)) return bad("quantity", kind === "receive" ? "a whole number of units above zero" : "a whole number other than zero, e.g. -2 or +3");
    if (kind === "adjust" && !reason) return bad("reason", "say why (recount, damaged, ...)");
    const sku = variants.find((v) => v.id === variantId)?.sku;
    const where = locations.find((l) => l.id === locationId)?.name;
    try {
      if (kind === "receive") await receive.mutateAsync({ variantId, locationId, quantity: amount, ...(reason ? { reason } : {}) });
      else await adjust.mutateAsync({ variantId, locationId, delta: amount, reason });
      setNotice(kind === "receive" ? `Received ${amount} of ${sku} at ${where}.` : `Adjusted ${sku} at ${where} by ${amount > 0 ? "+" : ""}${amount}.`);
      formElement.reset();
      await queryClient.invalidateQueries({ queryKey: trpc.inventory.pathKey() });
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="stock-form-heading">
      <h3 id="stock-form-heading">Receive or adjust stock</h3>
      <FormAlert error={error} />
      <SuccessNotice message={notice} />
      <fieldset className="choice-group">
        <legend>Kind of change</legend>
        <label className="choice">
          <input type="radio" name="kind" value="receive" checked={kind === "receive"} onChange={() => setKind("receive")} /> Receive (units arrived)
        </label>
        <label className="choice">
          <input type="radio" name="kind" value="adjust" checked={kind === "adjust"} onChange={() => setKind("adjust")} /> Adjust (recount, damage)
        </label>
      </fieldset>
      <div className="inline-form">
        <div className="field">
          <label htmlFor="stock-variant">Variant</label>
          <select id="stock-variant" name="variantId">
            {variants.map((v) => (
              <option key={v.id} value={v.id}>
                {v.title || v.sku} ({v.sku})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="stock-location">Location</label>
          <select id="stock-location" name="locationId">
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="stock-quantity">{kind === "receive" ? "Quantity" : "Change (+/−)"}</label>
          <input id="stock-quantity" name="quantity" inputMode="numeric" size={6} aria-invalid={Boolean(error?.fieldErrors.quantity ?? error?.fieldErrors.delta)} />
          <FieldError message={error?.fieldErrors.quantity ?? error?.fieldErrors.delta} />
        </div>
        <div className="field">
          <label htmlFor="stock-reason">Reason{kind === "receive" ? " (optional)" : ""}</label>
          <input id="stock-reason" name="reason" maxLength={500} aria-invalid={Boolean(error?.fieldErrors.reason)} />
          <FieldError message={error?.fieldErrors.reason} />
        </div>
        <button type="submit" className="button" disabled={receive.isPending || adjust.isPending}>
          {kind === "receive" ? "Receive stock" : "Adjust stock"}
        </button>
      </div>
    </form>
  );
}
