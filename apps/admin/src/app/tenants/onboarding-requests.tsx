import { formatDateTime } from "@bazaar/next-kit/format";
import Link from "next/link";

import type { MyOnboardingRequest } from "../../server/session";

const FAILING = new Set(["COMPENSATING", "FAILED"]);

/**
 * Onboardings still being set up or that failed, each linking to its status page. Completed ones are
 * left out: they are tenants in the table below.
 */
export function OnboardingRequests({ requests }: { requests: MyOnboardingRequest[] }) {
  const shown = requests.filter((r) => r.status !== "COMPLETED");
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby="onboardings-heading">
      <h2 id="onboardings-heading">Onboardings</h2>
      <table className="data-table" data-testid="my-onboardings">
        <thead>
          <tr>
            <th scope="col">Store</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Why it failed</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} data-status={r.status}>
              <td>
                <Link href={`/onboarding/${r.id}`}>{r.name}</Link>
                <br />
                <small>{r.slug}</small>
              </td>
              <td>
                <span className="badge" data-tone={FAILING.has(r.status) ? "bad" : "accent"}>
                  {FAILING.has(r.status) ? r.status.toLowerCase() : "in progress"}
                </span>
              </td>
              <td>{formatDateTime(r.createdAt)}</td>
              <td>{r.failureReason ? <code>{r.failureReason}</code> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
