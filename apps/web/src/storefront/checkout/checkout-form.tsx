"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPCClient } from "@bazaar/next-kit/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";

import { clearCartCookie } from "../cart/cart-cookie";
import { CartTotals } from "../cart/cart-totals";
import { problemText } from "../cart/cart-text";
import { SellerGroup } from "../cart/seller-group";
import { useCart } from "../cart/use-cart";
import { BUSY_GAVE_UP_TEXT, busyCountdownText, busyRetryDelay, isCheckoutBusy } from "./checkout-busy";
import { ADDRESS_FIELDS, COUNTRIES, validateCheckout, type AddressField, type CheckoutFieldErrors } from "./checkout-form.schema";

const LABELS: Record<AddressField, { label: string; autoComplete: string; optional?: boolean }> = {
  name: { label: "Full name", autoComplete: "name" },
  line1: { label: "Address", autoComplete: "address-line1" },
  line2: { label: "Apartment, suite (optional)", autoComplete: "address-line2", optional: true },
  city: { label: "City", autoComplete: "address-level2" },
  region: { label: "State or region (optional)", autoComplete: "address-level1", optional: true },
  postalCode: { label: "Postal code", autoComplete: "postal-code" },
  country: { label: "Country", autoComplete: "country" },
  phone: { label: "Phone (optional)", autoComplete: "tel", optional: true },
};

/** One attempt's key: the same for every submit of this form, so a double submit answers the first order. */
function newAttemptKey(): string {
  return `web-${crypto.randomUUID()}`;
}

/**
 * Checkout: the shopper's email (guests), the shipping address checked field by field, the cart's
 * sellers with their shipping choice, then `checkout.placeOrder` and on to the order page, which sends the
 * shopper to the payment page.
 */
export function CheckoutForm({ signedIn }: { signedIn: boolean }) {
  const client = useTRPCClient();
  const router = useRouter();
  const id = useId();
  const { cart, token, loading, write } = useCart(signedIn);
  const attemptKey = useRef<string | null>(null);
  // Set before the first await, so a second submit in the same tick (a double click) does nothing.
  const inFlight = useRef(false);
  const [fieldErrors, setFieldErrors] = useState<CheckoutFieldErrors>({});
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [placing, setPlacing] = useState(false);
  // A busy checkout's next try (checkout-busy.ts): seconds left, and what to send then.
  const [retry, setRetry] = useState<{ inSeconds: number; send: () => void } | null>(null);

  useEffect(() => {
    if (!retry) return;
    const timer = setTimeout(() => {
      if (retry.inSeconds > 1) setRetry({ ...retry, inSeconds: retry.inSeconds - 1 });
      else {
        setRetry(null);
        retry.send();
      }
    }, 1_000);
    return () => clearTimeout(timer);
  }, [retry]);

  if (loading) return <p aria-live="polite">Loading your cart…</p>;
  if (!cart || cart.priced.sellers.length === 0) {
    return (
      <p className="lead">
        Your cart is empty. <Link href="/">Find something you like</Link>.
      </p>
    );
  }
  const current = cart;

  async function chooseCountry(country: string) {
    if (!/^[A-Z]{2}$/.test(country) || country === current.region) return;
    // Tax follows the shipping country: the totals shown are the ones checkout will charge.
    await write((ref) => client.cart.setRegion.mutate({ ...ref, region: country })).catch((cause: unknown) => setError(apiErrorOf(cause)));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const form = new FormData(event.currentTarget);
    const address = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, String(form.get(f) ?? "")])) as Record<AddressField, string>;
    const checked = validateCheckout({ email: String(form.get("email") ?? ""), address }, !signedIn);
    setError(null);
    if (!checked.ok) {
      setFieldErrors(checked.errors);
      return;
    }
    setFieldErrors({});
    inFlight.current = true;
    setPlacing(true);
    attemptKey.current ??= newAttemptKey();
    await place(checked, attemptKey.current, 0);
  }

  /** Sends the attempt under its key; `retries`: how often a busy refusal of it was already tried again. */
  async function place(checked: Extract<ReturnType<typeof validateCheckout>, { ok: true }>, idempotencyKey: string, retries: number) {
    try {
      if (retries === 0 && current.region !== checked.address.country) await write((ref) => client.cart.setRegion.mutate({ ...ref, region: checked.address.country }));
      const placed = await client.checkout.placeOrder.mutate({
        cartId: current.cartId,
        ...(token ? { token } : {}),
        idempotencyKey,
        ...(checked.email ? { email: checked.email } : {}),
        shippingAddress: checked.address,
      });
      // The cart became the order group; the cookie of a guest's cart has nothing left to point at.
      clearCartCookie();
      router.push(placed.statusToken ? `/orders/${placed.groupId}?${new URLSearchParams({ token: placed.statusToken })}` : `/account/orders/${placed.groupId}`);
    } catch (cause) {
      const view = apiErrorOf(cause);
      // Busy: nothing was written; the same attempt goes again by itself after the countdown.
      const delay = busyRetryDelay(view, retries);
      if (delay !== null) {
        setError(null);
        setRetry({ inSeconds: delay, send: () => void place(checked, idempotencyKey, retries + 1) });
        return;
      }
      if (isCheckoutBusy(view)) {
        setError({ ...view, message: BUSY_GAVE_UP_TEXT });
        inFlight.current = false;
        setPlacing(false);
        return;
      }
      // A refusal writes nothing, but the cart may change before the next try: a new attempt, a new key.
      if (view.code !== "UNKNOWN") attemptKey.current = null;
      const problems = Array.isArray(view.details?.problems) ? (view.details.problems as { reason: string }[]) : [];
      setError(problems.length > 0 ? { ...view, message: `${view.message}: ${problems.map((p) => problemText(p.reason)).join("; ")}` } : view);
      inFlight.current = false;
      setPlacing(false);
    }
  }

  return (
    <div className="checkout">
      <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} className="checkout-form">
        <h2 id={`${id}-heading`}>Where should it go?</h2>
        <FormAlert error={error} />
        {retry ? (
          <p role="status" className="form-notice" data-testid="checkout-busy">
            {busyCountdownText(retry.inSeconds)}
          </p>
        ) : null}
        {signedIn ? null : (
          <div className="field">
            <label htmlFor={`${id}-email`}>Email</label>
            <input id={`${id}-email`} name="email" type="email" autoComplete="email" required aria-invalid={Boolean(fieldErrors.email)} aria-describedby={`${id}-email-hint`} />
            <span id={`${id}-email-hint`} className="field-hint">
              Your confirmation and a link to follow your order go here.
            </span>
            <FieldError message={fieldErrors.email} />
          </div>
        )}
        {ADDRESS_FIELDS.map((field) => {
          const meta = LABELS[field];
          const inputId = `${id}-${field}`;
          return (
            <div className="field" key={field}>
              <label htmlFor={inputId}>{meta.label}</label>
              {field === "country" ? (
                <select id={inputId} name="country" autoComplete={meta.autoComplete} defaultValue={current.region ?? ""} required aria-invalid={Boolean(fieldErrors.country)} onChange={(e) => void chooseCountry(e.target.value)}>
                  <option value="">Choose a country</option>
                  {COUNTRIES.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </select>
              ) : (
                <input id={inputId} name={field} autoComplete={meta.autoComplete} required={!meta.optional} type={field === "phone" ? "tel" : "text"} aria-invalid={Boolean(fieldErrors[field])} />
              )}
              <FieldError message={fieldErrors[field]} />
            </div>
          );
        })}
        <p className="field-hint">You pay on our payment partner&apos;s page next; your bank may ask you to confirm there (3-D Secure).</p>
        <button type="submit" className="button" disabled={placing}>
          {retry ? `Trying again in ${retry.inSeconds} s…` : placing ? "Placing your order…" : "Place order and pay"}
        </button>
      </form>
      <div className="checkout-summary">
        {current.priced.sellers.map((seller) => (
          <SellerGroup key={seller.tenantId} cart={current} seller={seller} write={write} readOnly />
        ))}
        <CartTotals cart={current} />
      </div>
    </div>
  );
}
