import type { Metadata } from "next";

import { CheckoutForm } from "../../storefront/checkout/checkout-form";
import { auth } from "../../server/auth";

export const metadata: Metadata = { title: "Checkout", robots: { index: false } };

export default async function CheckoutPage() {
  const session = await auth.getSession();
  return (
    <>
      <h1>Checkout</h1>
      <CheckoutForm signedIn={session !== null} />
    </>
  );
}
