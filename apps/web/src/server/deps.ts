import "server-only";

import { getServerDeps } from "@bazaar/next-kit/server-deps";

import { env } from "../env";

export const getDeps = () => getServerDeps({ service: "web", databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL });
