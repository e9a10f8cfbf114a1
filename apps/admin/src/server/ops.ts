import "server-only";

import { createOpsRoutes } from "@bazaar/next-kit/ops-routes";

import { getDeps } from "./deps";

export const ops = createOpsRoutes({ service: "admin", getDeps });
