import type { Metadata } from "next";

import { CartPageView } from "../../storefront/cart/cart-view";
import { auth } from "../../server/auth";

export const metadata: Metadata = { title: "Cart", robots: { index: false } };

export default async function CartPage() {
  const session = await auth.getSession();
  return (
    <>
      <h1>Cart</h1>
      <CartPageView signedIn={session !== null} />
    </>
  );
}
