// Prisma 7 reads its settings here. Only the CLI uses this file: `generate` works offline (see the
// package's generate script); `migrate deploy` works for a user whose machine can fetch the schema engine.
// Migrations run as the owner role, so the CLI gets DATABASE_OWNER_URL, never the runtime role's URL.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx src/seed.ts" },
  datasource: {
    url: process.env.DATABASE_OWNER_URL ?? "postgresql://bazaar_owner:bazaar_owner@127.0.0.1:5432/bazaar",
  },
});
