// Types only: client bundles import this entry and must never pull server code. Server code lives at
// `@bazaar/api/server`, the typed client at `@bazaar/api/client`.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type { Session } from "./session";
export type { PlatformRole, TenantRole } from "./roles";
