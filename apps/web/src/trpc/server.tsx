import "server-only";

import { createRscTrpc } from "@bazaar/next-kit/rsc";

import { getDeps } from "../server/deps";

export const { trpc, getQueryClient, getCaller, HydrateClient, prefetch } = createRscTrpc(getDeps);
