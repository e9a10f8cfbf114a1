"use client";

import type { RouterOutputs } from "@bazaar/api/client";
import { apiErrorOf } from "@bazaar/next-kit/api-error";
import { useTRPC, useTRPCClient } from "@bazaar/next-kit/react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";

import { cartCookieSnapshot, clearCartCookie, parseCartCookie, subscribeCartCookie, writeCartCookie } from "./cart-cookie";

export type CartView = RouterOutputs["cart"]["get"];

/** What every cart write needs besides its own fields: which cart, the guest's token, the version read. */
export interface CartWriteRef {
  cartId: string;
  token?: string;
  expectedVersion: number;
}

/** A stale version or a concurrent writer: re-read and try again (the API's optimistic concurrency). */
function isRetryable(error: unknown): boolean {
  const view = apiErrorOf(error);
  return view.code === "CONFLICT" && (view.details?.reason === "stale-version" || view.details?.reason === "cart-locked");
}

/**
 * The shopper's cart: a guest's from the cookie, a signed-in shopper's from `cart.mine`. At the first
 * view after sign-in a guest cart still in the cookie is merged into the account's (`cart.merge`) and the
 * cookie cleared. `write` creates the cart on the first write and retries a stale version twice.
 */
export function useCart(signedIn: boolean) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const raw = useSyncExternalStore(subscribeCartCookie, cartCookieSnapshot, () => null);
  const cookie = useMemo(() => (raw === null ? null : parseCartCookie(raw)), [raw]);
  const [merged, setMerged] = useState(false);
  // Before hydration (raw null) nothing is known; a signed-in shopper with a guest cookie waits for the merge.
  const ready = raw !== null && (!signedIn || cookie === null || merged);
  const guest = signedIn ? null : cookie;

  useEffect(() => {
    if (!signedIn || !cookie) return;
    let live = true;
    client.cart.merge
      .mutate(cookie)
      .catch(() => null)
      .finally(() => {
        // Merged, or the guest cart was gone: either way the cookie has nothing left to say.
        if (!live) return;
        void queryClient.invalidateQueries({ queryKey: trpc.cart.mine.queryKey() });
        setMerged(true);
        clearCartCookie();
      });
    return () => {
      live = false;
    };
  }, [signedIn, cookie, client, queryClient, trpc]);

  const guestQuery = useQuery({ ...trpc.cart.get.queryOptions(guest ?? { cartId: "00000000-0000-0000-0000-000000000000" }), enabled: ready && !signedIn && guest !== null, retry: false });
  const mineQuery = useQuery({ ...trpc.cart.mine.queryOptions(), enabled: ready && signedIn });
  const cart: CartView | null = (signedIn ? mineQuery.data : guestQuery.data) ?? null;

  useEffect(() => {
    // An expired or foreign cart looks like NOT_FOUND: forget it and start afresh on the next write.
    if (guestQuery.error && apiErrorOf(guestQuery.error).code === "NOT_FOUND") clearCartCookie();
  }, [guestQuery.error]);

  /** Runs one cart write against the current version; creates the cart first when there is none. */
  const write = useCallback(
    async (mutation: (ref: CartWriteRef) => Promise<CartView>): Promise<CartView> => {
      let current = cart;
      let token = guest?.token;
      if (!current) {
        const created = await client.cart.create.mutate();
        if (!signedIn) {
          writeCartCookie({ cartId: created.cartId, token: created.token });
          token = created.token;
        }
        current = created;
      }
      for (let attempt = 0; ; attempt++) {
        try {
          const view = await mutation({ cartId: current.cartId, ...(signedIn || !token ? {} : { token }), expectedVersion: current.version });
          if (signedIn) queryClient.setQueryData(trpc.cart.mine.queryKey(), view);
          else if (token) queryClient.setQueryData(trpc.cart.get.queryKey({ cartId: view.cartId, token }), view);
          return view;
        } catch (error) {
          if (attempt >= 2 || !isRetryable(error)) throw error;
          current = await client.cart.get.query({ cartId: current.cartId, ...(signedIn || !token ? {} : { token }) });
        }
      }
    },
    [cart, client, guest, queryClient, signedIn, trpc],
  );

  /** The guest's token for reads and checkout; undefined for a signed-in shopper's own cart. */
  const token = signedIn ? undefined : guest?.token;
  const loading = !ready || (signedIn ? mineQuery.isPending : guest !== null && guestQuery.isPending);
  return { cart, token, loading, write };
}
