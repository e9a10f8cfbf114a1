"use client";

import Link from "next/link";

import { CartTotals } from "./cart-totals";
import { problemText } from "./cart-text";
import { CouponForm } from "./coupon-form";
import { SellerGroup } from "./seller-group";
import { useCart } from "./use-cart";

/** The cart page: one group per seller, the coupon, the totals and the way to checkout. */
export function CartPageView({ signedIn }: { signedIn: boolean }) {
  const { cart, token, loading, write } = useCart(signedIn);
  if (loading) return <p aria-live="polite">Loading your cart…</p>;
  if (!cart || cart.priced.sellers.length === 0) return <p className="lead">Your cart is empty.</p>;
  const blocking = cart.priced.problems.filter((p) => p.reason !== "empty");
  return (
    <div className="cart">
      {cart.priced.sellers.map((seller) => (
        <SellerGroup key={seller.tenantId} cart={cart} seller={seller} write={write} />
      ))}
      <CouponForm cart={cart} token={token} write={write} />
      <CartTotals cart={cart} />
      {blocking.length > 0 ? (
        <div role="alert" className="form-alert">
          <p>Your cart cannot be checked out as it is:</p>
          <ul>
            {blocking.map((p, i) => (
              <li key={i}>{problemText(p.reason)}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p>
          <Link className="button" href="/checkout">
            Checkout
          </Link>
        </p>
      )}
    </div>
  );
}
