import type { Metadata } from "next";
import Link from "next/link";

import { auth } from "../../server/auth";
import { currentTenant, myOnboardingRequests, myTenants } from "../../server/session";
import { TENANT_ROLE_LABELS } from "../roles";
import { OnboardingRequests } from "./onboarding-requests";
import { OpenTenantButton } from "./open-tenant-button";

export const metadata: Metadata = { title: "Tenants" };

const TYPE_LABELS: Record<string, string> = {
  SELLER_INDIVIDUAL: "Individual seller",
  SELLER_BUSINESS: "Business seller",
  MARKETPLACE: "Marketplace",
  FRANCHISE: "Franchise",
};

export default async function TenantsPage() {
  const session = await auth.getSession();
  if (!session) {
    return (
      <>
        <h1>Tenants</h1>
        <p className="lead">Your stores and the tenants you belong to appear here once you are signed in.</p>
        <p>
          <Link className="button" href="/sign-in?callbackUrl=%2Ftenants">
            Sign in
          </Link>
        </p>
      </>
    );
  }

  const [tenants, selected, onboardings] = await Promise.all([myTenants(), currentTenant(), myOnboardingRequests()]);
  return (
    <>
      <h1>Tenants</h1>
      <p className="lead">The sellers and marketplaces you work for. Open one to manage its staff, plan and audit trail.</p>
      <OnboardingRequests requests={onboardings} />
      {tenants.length === 0 ? (
        <div className="card">
          <p>You do not belong to any tenant yet.</p>
          <p>
            <Link className="button" href="/onboarding">
              Start selling on Bazaar
            </Link>
          </p>
        </div>
      ) : (
        <table className="data-table" data-testid="my-tenants">
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col">Type</th>
              <th scope="col">Plan</th>
              <th scope="col">Your role</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tenants.map((t) => (
              <tr key={t.id}>
                <td>
                  <strong>{t.name}</strong>
                  <br />
                  <small>{t.slug}</small>
                </td>
                <td>{TYPE_LABELS[t.type] ?? t.type}</td>
                <td>{t.plan}</td>
                <td>{TENANT_ROLE_LABELS[t.role]}</td>
                <td>
                  <span className="badge" data-tone={t.status === "ACTIVE" ? "ok" : "bad"}>
                    {t.status.toLowerCase()}
                  </span>
                </td>
                <td>
                  {selected?.id === t.id ? (
                    <span className="badge" data-tone="accent">
                      current
                    </span>
                  ) : (
                    <OpenTenantButton tenantId={t.id} name={t.name} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tenants.length > 0 ? (
        <p>
          <Link href="/onboarding">Start another tenant</Link>
        </p>
      ) : null}
    </>
  );
}
