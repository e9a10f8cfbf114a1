import type { Metadata } from "next";

export const metadata: Metadata = { title: "Cart" };

export default function CartPage() {
  return (
    <>
      <h1>Cart</h1>
      <p className="lead">Your cart is empty.</p>
    </>
  );
}
