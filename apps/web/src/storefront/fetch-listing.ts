import "server-only";

import { TRPCError } from "@trpc/server";
import { redirect } from "next/navigation";

import { listingHref, type ListingState } from "./listing-params";

/**
 * Runs a listing's query on the server (the client component then hydrates from it). A cursor the API
 * refuses (malformed, or from another search) sends the shopper to the first page of the same listing
 * rather than an error page: it is a stale or hand-edited URL, not a fault.
 */
export async function fetchListing<T>(run: () => Promise<T>, basePath: string, state: ListingState): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (state.cursor && error instanceof TRPCError && error.code === "BAD_REQUEST") redirect(listingHref(basePath, { ...state, cursor: null }));
    throw error;
  }
}
