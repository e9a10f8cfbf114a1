"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";

import { auth, TENANT_COOKIE } from "../server/auth";
import { myTenants } from "../server/session";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant switcher: remembers the chosen tenant in a cookie that the tRPC route and server components
 * send to the API as `x-tenant-id`. Only a tenant the user belongs to is accepted (the API checks the
 * membership on every call anyway).
 */
export async function selectTenant(tenantId: string, next?: string): Promise<{ ok: boolean }> {
  const session = await auth.getSession();
  if (!session || !UUID.test(tenantId)) return { ok: false };
  const tenant = (await myTenants()).find((t) => t.id === tenantId);
  if (!tenant) return { ok: false };
  (await cookies()).set(TENANT_COOKIE, tenant.id, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: auth.cookieSecure,
    maxAge: 365 * 24 * 60 * 60,
  });
  if (next?.startsWith("/") && !next.startsWith("//")) redirect(next);
  return { ok: true };
}
