"use client";

import { FormAlert } from "@bazaar/next-kit/forms";
import { formatMoney } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { SuccessNotice } from "../../../success-notice";
import { useActionFeedback } from "../../../use-action-feedback";
import { majorToMinor, minorToMajor } from "../../products/money";
import type { OrderDetailView } from "./order-detail";

const REFUNDABLE = ["PAID", "PARTIALLY_FULFILLED", "FULFILLED", "DELIVERED", "PARTIALLY_REFUNDED"];

/**
 * A full or partial refund: an amount, or quantities per line (optionally back to stock). One
 * idempotency key per filled-in form, so a double click or a retried request refunds once.
 */
export function RefundForm({ order, onChange }: { order: OrderDetailView; onChange: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const refund = useMutation(trpc.orders.refund.mutationOptions());
  const [mode, setMode] = useState<"amount" | "lines">("amount");
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [formError, setFormError] = useState<string | null>(null);
  const { error, notice, run } = useActionFeedback(onChange);
  const remaining = order.totalAmount - order.refundedAmount;
  if (!REFUNDABLE.includes(order.status) || remaining <= 0) return null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const form = new FormData(event.currentTarget);
    const reason = String(form.get("reason") ?? "");
    let input: Parameters<typeof refund.mutateAsync>[0];
    if (mode === "amount") {
      const parsed = majorToMinor(String(form.get("amount") ?? ""), order.currency);
      if (!parsed.ok) return setFormError(`Amount: ${parsed.message}.`);
      input = { orderId: order.id, idempotencyKey: key, amount: parsed.minor, reason };
    } else {
      const lines = order.lines.map((l) => ({ orderLineId: l.id, quantity: Number(form.get(`qty-${l.id}`) ?? 0) })).filter((l) => l.quantity > 0);
      if (lines.length === 0) return setFormError("Choose at least one item to refund.");
      input = { orderId: order.id, idempotencyKey: key, lines, reason, restock: form.get("restock") === "on" };
    }
    const form_ = event.currentTarget;
    if (await run(() => refund.mutateAsync(input), "Refund recorded; the payment provider is returning the money.")) {
      form_.reset();
      setKey(crypto.randomUUID());
    }
  }

  return (
    <section className="card" aria-labelledby="order-refund">
      <h2 id="order-refund">Refund</h2>
      <p>Up to {formatMoney(remaining, order.currency)} is left to refund.</p>
      <FormAlert error={error} />
      {formError ? (
        <p role="alert" className="form-error">
          {formError}
        </p>
      ) : null}
      <SuccessNotice message={notice} />
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label="Refund">
        <fieldset>
          <legend>Refund by</legend>
          <label>
            <input type="radio" name="mode" checked={mode === "amount"} onChange={() => setMode("amount")} /> Amount
          </label>{" "}
          <label>
            <input type="radio" name="mode" checked={mode === "lines"} onChange={() => setMode("lines")} /> Items
          </label>
        </fieldset>
        {mode === "amount" ? (
          <div className="field">
            <label htmlFor="refund-amount">Amount ({order.currency})</label>
            <input id="refund-amount" name="amount" inputMode="decimal" required placeholder={minorToMajor(remaining, order.currency)} />
          </div>
        ) : (
          <>
            {order.lines.map((l) => (
              <div className="field" key={l.id}>
                <label htmlFor={`qty-${l.id}`}>
                  {l.title} ({l.sku}), of {l.quantity}
                </label>
                <input id={`qty-${l.id}`} name={`qty-${l.id}`} type="number" min={0} max={l.quantity} defaultValue={0} />
              </div>
            ))}
            <label>
              <input type="checkbox" name="restock" /> Put the items back in stock
            </label>
          </>
        )}
        <div className="field">
          <label htmlFor="refund-reason">Reason</label>
          <input id="refund-reason" name="reason" required maxLength={500} />
        </div>
        <p className="inline-form">
          <button type="submit" className="button" disabled={refund.isPending}>
            Refund
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={(e) => {
              setMode("amount");
              const input = e.currentTarget.form?.elements.namedItem("amount");
              if (input instanceof HTMLInputElement) input.value = minorToMajor(remaining, order.currency);
            }}
          >
            Fill in everything left
          </button>
        </p>
      </form>
    </section>
  );
}
