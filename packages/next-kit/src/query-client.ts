import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

/**
 * One QueryClient recipe for both sides of the RSC boundary. The server prefetches into it and
 * dehydrates; the browser hydrates the same shape. superjson must wrap the dehydrated data because the
 * API's transformer is superjson too: Dates and bigints would otherwise arrive as strings.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data prefetched during the server render must not be refetched the instant it hydrates.
        staleTime: 30_000,
      },
      dehydrate: {
        serializeData: superjson.serialize,
        // Pending queries are streamed too, so a server component can start a fetch high in the tree
        // without awaiting it and a client component further down picks up the promise.
        shouldDehydrateQuery: (query) =>
          defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: {
        deserializeData: superjson.deserialize,
      },
    },
  });
}
