import { formatMoney } from "@bazaar/next-kit/format";

import type { CartView } from "./use-cart";

type Seller = CartView["priced"]["sellers"][number];

/** One seller's amounts, as the API priced them (integer minor units of the cart's currency). */
export function SellerTotals({ seller, currency }: { seller: Seller; currency: string }) {
  return (
    <dl className="facts cart-amounts" data-testid="seller-totals">
      <dt>Subtotal</dt>
      <dd>{formatMoney(seller.subtotal, currency)}</dd>
      <dt>Shipping</dt>
      <dd>{seller.shipping ? formatMoney(seller.shipping.amount, currency) : "not available"}</dd>
      {seller.discount > 0 ? (
        <>
          <dt>Discount</dt>
          <dd data-testid="seller-discount">−{formatMoney(seller.discount, currency)}</dd>
        </>
      ) : null}
      <dt>{seller.pricesIncludeTax ? "Tax included" : "Tax"}</dt>
      <dd>{formatMoney(seller.tax, currency)}</dd>
      <dt>Seller total</dt>
      <dd>
        <strong>{formatMoney(seller.total, currency)}</strong>
      </dd>
    </dl>
  );
}

/** The whole cart: what every seller's goods, shipping, discount and tax add up to. */
export function CartTotals({ cart }: { cart: CartView }) {
  const currency = cart.currency;
  if (!currency) return null;
  const sum = (pick: (s: Seller) => number) => cart.priced.sellers.reduce((n, s) => n + pick(s), 0);
  const discount = sum((s) => s.discount);
  return (
    <section className="card cart-summary" aria-labelledby="cart-summary-heading">
      <h2 id="cart-summary-heading">Order summary</h2>
      <dl className="facts cart-amounts">
        <dt>Items</dt>
        <dd>{formatMoney(sum((s) => s.subtotal), currency)}</dd>
        <dt>Shipping</dt>
        <dd>{formatMoney(sum((s) => s.shipping?.amount ?? 0), currency)}</dd>
        {discount > 0 ? (
          <>
            <dt>Discount</dt>
            <dd data-testid="cart-discount">−{formatMoney(discount, currency)}</dd>
          </>
        ) : null}
        <dt>Tax</dt>
        <dd>{formatMoney(sum((s) => s.tax), currency)}</dd>
        <dt>Total</dt>
        <dd>
          <strong data-testid="cart-total">{formatMoney(cart.priced.total, currency)}</strong>
        </dd>
      </dl>
      {cart.region ? null : <p className="field-hint">Tax is worked out for the country you ship to, at checkout.</p>}
    </section>
  );
}
