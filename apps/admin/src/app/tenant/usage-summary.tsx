"use client";

import type { RouterOutputs } from "@bazaar/api";
import { useTRPC } from "@bazaar/next-kit/react";
import { apiErrorOf } from "@bazaar/next-kit/api-error";
import { useQuery } from "@tanstack/react-query";

import { commissionText, limitText } from "../plan-format";

type Usage = RouterOutputs["tenants"]["getUsage"];

const RESOURCE_LABELS = { stores: "Stores", products: "Products", staffSeats: "Staff seats" } as const;

/** The tenant's plan and what it uses against each quota (prefetched by the page). */
export function UsageSummary() {
  const trpc = useTRPC();
  const usage = useQuery(trpc.tenants.getUsage.queryOptions());
  if (usage.error) return <p role="alert" className="form-alert">Usage is unavailable: {apiErrorOf(usage.error).message}</p>;
  if (!usage.data) return <p className="form-notice">Loading usage…</p>;
  return <UsageTable usage={usage.data} />;
}

export function UsageTable({ usage }: { usage: Usage }) {
  return (
    <table className="data-table" data-testid="usage">
      <caption className="sr-only">Usage on the {usage.plan} plan</caption>
      <thead>
        <tr>
          <th scope="col">Plan {usage.plan}</th>
          <th scope="col">Used</th>
          <th scope="col">Limit</th>
        </tr>
      </thead>
      <tbody>
        {(Object.keys(RESOURCE_LABELS) as (keyof typeof RESOURCE_LABELS)[]).map((resource) => {
          const row = usage.usage[resource];
          const full = row.limit !== null && row.used >= row.limit;
          return (
            <tr key={resource}>
              <th scope="row">{RESOURCE_LABELS[resource]}</th>
              <td data-testid={`usage-${resource}`}>
                {row.used}
                {"tracked" in row && !row.tracked ? <small> (counted once the catalog ships)</small> : null}
              </td>
              <td>
                {limitText(row.limit)} {full ? <span className="badge" data-tone="bad">full</span> : null}
              </td>
            </tr>
          );
        })}
        <tr>
          <th scope="row">Commission</th>
          <td colSpan={2}>{commissionText(usage.commissionBps)} of each order</td>
        </tr>
      </tbody>
    </table>
  );
}
