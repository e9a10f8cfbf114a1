"use client";

import { FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";

import { SuccessNotice } from "../../../success-notice";
import { useActionFeedback } from "../../../use-action-feedback";
import type { OrderDetailView } from "./order-detail";

/** Ship (with a tracking number), mark delivered, cancel: offered only where the order's state allows it. */
export function OrderActions({ order, canShip, canManage, onChange }: { order: OrderDetailView; canShip: boolean; canManage: boolean; onChange: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const fulfil = useMutation(trpc.orders.fulfil.mutationOptions());
  const deliver = useMutation(trpc.orders.markDelivered.mutationOptions());
  const cancel = useMutation(trpc.orders.cancel.mutationOptions());
  const { error, notice, run } = useActionFeedback(onChange);
  // A partially refunded order ships the rest unless it shipped before the refund (decision 0021).
  const shippable = order.status === "PAID" || order.status === "PARTIALLY_FULFILLED" || (order.status === "PARTIALLY_REFUNDED" && !order.trackingNumber);

  function ship(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trackingNumber = String(new FormData(event.currentTarget).get("trackingNumber") ?? "");
    void run(() => fulfil.mutateAsync({ orderId: order.id, trackingNumber }), "Marked as shipped.");
  }

  if (!canShip) return null;
  return (
    <section className="card" aria-labelledby="order-actions">
      <h2 id="order-actions">Fulfilment</h2>
      <FormAlert error={error} />
      <SuccessNotice message={notice} />
      {shippable ? (
        <form className="inline-form" onSubmit={ship} aria-label="Fulfil">
          <div className="field">
            <label htmlFor="tracking-number">Tracking number</label>
            <input id="tracking-number" name="trackingNumber" required maxLength={100} />
          </div>
          <button type="submit" className="button" disabled={fulfil.isPending}>
            Mark as shipped
          </button>
        </form>
      ) : null}
      <p className="inline-form">
        {order.status === "FULFILLED" ? (
          <button type="button" className="button" disabled={deliver.isPending} onClick={() => void run(() => deliver.mutateAsync({ orderId: order.id }), "Marked as delivered.")}>
            Mark as delivered
          </button>
        ) : null}
        {canManage && order.status === "PAID" ? (
          <button
            type="button"
            className="button button-danger"
            disabled={cancel.isPending}
            onClick={() => {
              if (window.confirm("Cancel this order? The shopper's payment for it is released.")) void run(() => cancel.mutateAsync({ orderId: order.id }), "Order cancelled.");
            }}
          >
            Cancel order
          </button>
        ) : null}
      </p>
    </section>
  );
}
