"use client";

import { apiErrorOf } from "@bazaar/next-kit/api-error";
import { formatMoney } from "@bazaar/next-kit/format";
import { useTRPCClient } from "@bazaar/next-kit/react";
import { useId, useState, type FormEvent } from "react";

import { couponReasonText } from "./cart-text";
import type { CartView, CartWriteRef } from "./use-cart";

interface Props {
  cart: CartView;
  token: string | undefined;
  write: (mutation: (ref: CartWriteRef) => Promise<CartView>) => Promise<CartView>;
}

/** Apply or remove the cart's coupon. A code is checked first (the dry-run), so the shopper reads why it does not apply. */
export function CouponForm({ cart, token, write }: Props) {
  const client = useTRPCClient();
  const id = useId();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const applied = cart.priced.promotion;
  const currency = cart.currency ?? "EUR";

  async function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    if (!code) return setMessage("Enter a coupon code.");
    setBusy(true);
    setMessage(null);
    try {
      const check = await client.cart.checkCoupon.query({ cartId: cart.cartId, ...(token ? { token } : {}), code });
      if (!check.applies) return setMessage(couponReasonText(check.reason));
      await write((ref) => client.cart.applyCoupon.mutate({ ...ref, code }));
    } catch (error) {
      const view = apiErrorOf(error);
      setMessage(typeof view.details?.reason === "string" ? couponReasonText(view.details.reason) : view.fieldErrors.code ?? view.message);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setMessage(null);
    try {
      await write((ref) => client.cart.removeCoupon.mutate(ref));
    } catch (error) {
      setMessage(apiErrorOf(error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Coupon</h2>
      {applied ? (
        <p data-testid="applied-coupon">
          <strong>{applied.code}</strong>{" "}
          {applied.applies ? <>takes {formatMoney(applied.discount, currency)} off.</> : <>no longer applies: {couponReasonText(applied.reason)}</>}{" "}
          <button type="button" className="button-link" onClick={remove} disabled={busy}>
            Remove coupon
          </button>
        </p>
      ) : (
        <form className="inline-form" onSubmit={apply} noValidate>
          <div className="field">
            <label htmlFor={`${id}-code`}>Coupon code</label>
            <input id={`${id}-code`} name="code" autoComplete="off" aria-invalid={Boolean(message)} aria-describedby={message ? `${id}-message` : undefined} />
          </div>
          <button type="submit" className="button button-secondary" disabled={busy}>
            Apply
          </button>
        </form>
      )}
      {message ? (
        <p id={`${id}-message`} role="alert" className="form-alert" data-testid="coupon-message">
          {message}
        </p>
      ) : null}
    </section>
  );
}
