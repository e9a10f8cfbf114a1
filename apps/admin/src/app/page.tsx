import type { Metadata } from "next";
import Link from "next/link";

import { auth } from "../server/auth";
import { currentTenant, myTenants } from "../server/session";
import { HydrateClient, prefetch, trpc } from "../trpc/server";
import { TENANT_ROLE_LABELS, tenantRoleAtLeast } from "./roles";
import { SystemStatus } from "./system-status";
import { UsageSummary } from "./tenant/usage-summary";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  // Not awaited: the readiness checks run while the shell streams, and <SystemStatus> picks up the
  // pending query through HydrateClient instead of asking again from the browser.
  prefetch(trpc.health.ready.queryOptions());
  const session = await auth.getSession();
  const [tenants, tenant] = session ? await Promise.all([myTenants(), currentTenant()]) : [[], null];
  if (tenant) prefetch(trpc.tenants.getUsage.queryOptions());

  return (
    <HydrateClient>
      <h1>Bazaar Admin</h1>
      <p className="lead">{tenant ? `Working on ${tenant.name}.` : "Platform overview."}</p>
      {session && tenant ? (
        <section className="card" aria-labelledby="tenant-heading" data-testid="tenant-overview">
          <h2 id="tenant-heading">{tenant.name}</h2>
          <dl className="facts">
            <dt>Address</dt>
            <dd>{tenant.slug}</dd>
            <dt>Status</dt>
            <dd>
              <span className="badge" data-tone={tenant.status === "ACTIVE" ? "ok" : "bad"}>
                {tenant.status.toLowerCase()}
              </span>
            </dd>
            <dt>Your role</dt>
            <dd>{TENANT_ROLE_LABELS[tenant.role]}</dd>
          </dl>
          <UsageSummary />
          <p>
            <Link href="/tenant/staff">Staff and roles</Link> · <Link href="/tenant/plan">Plan and usage</Link>
            {tenantRoleAtLeast(tenant.role, "ADMIN") ? (
              <>
                {" "}
                · <Link href="/tenant/audit">Audit log</Link>
              </>
            ) : null}
          </p>
        </section>
      ) : null}
      {session && !tenant ? (
        <section className="card" aria-labelledby="start-heading">
          <h2 id="start-heading">{tenants.length > 0 ? "Choose a tenant" : "Start selling"}</h2>
          {tenants.length > 0 ? (
            <p>
              Pick the tenant to work on in the header, or on the <Link href="/tenants">Tenants</Link> page.
            </p>
          ) : (
            <p>
              You do not run a store yet. <Link href="/onboarding">Set up your seller account</Link> in a few steps.
            </p>
          )}
        </section>
      ) : null}
      <SystemStatus />
    </HydrateClient>
  );
}
