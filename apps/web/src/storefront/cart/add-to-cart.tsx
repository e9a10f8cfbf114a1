"use client";

import { apiErrorOf } from "@bazaar/next-kit/api-error";
import { useTRPCClient } from "@bazaar/next-kit/react";
import Link from "next/link";
import { useState } from "react";

import { useCart } from "./use-cart";

/** The product page's button: adds one of the chosen variant (on top of what the cart holds). */
export function AddToCart({ variantId, available, signedIn }: { variantId: string; available: number; signedIn: boolean }) {
  const client = useTRPCClient();
  const { cart, loading, write } = useCart(signedIn);
  const [state, setState] = useState<{ kind: "idle" | "busy" | "added" } | { kind: "error"; message: string }>({ kind: "idle" });
  const inCart = cart?.priced.sellers.flatMap((s) => s.lines).find((l) => l.variantId === variantId)?.quantity ?? 0;

  async function add() {
    setState({ kind: "busy" });
    try {
      await write((ref) => client.cart.setLine.mutate({ ...ref, variantId, quantity: Math.min(99, inCart + 1) }));
      setState({ kind: "added" });
    } catch (error) {
      setState({ kind: "error", message: apiErrorOf(error).message });
    }
  }

  return (
    <div className="add-to-cart">
      <button type="button" className="button" onClick={add} disabled={loading || available <= 0 || state.kind === "busy" || inCart >= 99}>
        {available <= 0 ? "Sold out" : state.kind === "busy" ? "Adding…" : "Add to cart"}
      </button>
      <p aria-live="polite" data-testid="add-to-cart-status">
        {state.kind === "added" ? (
          <>
            Added. <Link href="/cart">View cart</Link> ({inCart} in your cart)
          </>
        ) : state.kind === "error" ? (
          <span className="field-error">{state.message}</span>
        ) : null}
      </p>
    </div>
  );
}
