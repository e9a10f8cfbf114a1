import "server-only";

import { baseEnvSchema, parseEnv } from "@bazaar/config";
import { z } from "zod";

/** The admin dashboard's environment, validated once when the server starts. */
export const env = parseEnv(
  baseEnvSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65_535).default(3001),
  }),
);

/** Where this server listens, for the rare fetch a client component makes during the server render. */
export const serverOrigin = `http://127.0.0.1:${env.PORT}`;
