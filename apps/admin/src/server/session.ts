import "server-only";

import type { RouterOutputs } from "@bazaar/api";
import { signInPathFor } from "@bazaar/next-kit/auth";
import type { Session } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

import { platformRoleAtLeast, tenantRoleAtLeast, type PlatformRoleName, type TenantRoleName } from "../app/roles";
import { getCaller } from "../trpc/server";
import { auth, TENANT_COOKIE } from "./auth";

export type MyTenant = RouterOutputs["tenants"]["listMine"][number];
export type MyOnboardingRequest = RouterOutputs["tenants"]["listMyOnboardingRequests"][number];

/** By shape: the API's TRPCError class may be another copy of @trpc/server than this app's. */
function isUnauthorized(error: unknown): boolean {
  return error instanceof Error && error.name === "TRPCError" && (error as Error & { code?: string }).code === "UNAUTHORIZED";
}

/** The signed-in user, or a redirect to sign-in that comes back to `path`. */
export async function requireSession(path: string): Promise<Session> {
  const session = await auth.getSession();
  if (!session) redirect(signInPathFor("/sign-in", path));
  return session;
}

/**
 * The tenants the signed-in user belongs to (once per request). Empty when the API no longer accepts
 * the session (revoked elsewhere): the layout renders on every page and must not fail with it.
 */
export const myTenants = cache(async (): Promise<MyTenant[]> => {
  if (!(await auth.getSession())) return [];
  try {
    return await (await getCaller()).tenants.listMine();
  } catch (error) {
    if (isUnauthorized(error)) return [];
    throw error;
  }
});

/** The signed-in user's onboarding requests, newest first; empty, like myTenants, once the API refuses the session. */
export async function myOnboardingRequests(): Promise<MyOnboardingRequest[]> {
  if (!(await auth.getSession())) return [];
  try {
    return await (await getCaller()).tenants.listMyOnboardingRequests();
  } catch (error) {
    if (isUnauthorized(error)) return [];
    throw error;
  }
}

/** The tenant chosen in the switcher, if the user still belongs to it. */
export const currentTenant = cache(async (): Promise<MyTenant | null> => {
  const chosen = (await cookies()).get(TENANT_COOKIE)?.value;
  if (!chosen) return null;
  return (await myTenants()).find((t) => t.id === chosen) ?? null;
});

export function hasPlatformRole(session: Session | null, min: PlatformRoleName): boolean {
  return Boolean(session && platformRoleAtLeast(session.user.platformRole, min));
}

export function hasTenantRole(tenant: MyTenant | null, min: TenantRoleName): boolean {
  return Boolean(tenant && tenantRoleAtLeast(tenant.role, min));
}
