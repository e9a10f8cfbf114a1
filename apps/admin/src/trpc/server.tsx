import "server-only";

import { createRscTrpc } from "@bazaar/next-kit/rsc";

import { auth } from "../server/auth";
import { getDeps } from "../server/deps";

export const { trpc, getQueryClient, getCaller, HydrateClient, prefetch } = createRscTrpc(getDeps, {
  apiHeaders: auth.apiHeadersForServerComponent,
});
