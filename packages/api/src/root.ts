import { healthRouter } from "./health/health.router";
import { tenantsRouter } from "./tenants/tenants.router";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  health: healthRouter,
  tenants: tenantsRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (server components, scripts, tests) with a context you built. */
export const createCaller = createCallerFactory(appRouter);
