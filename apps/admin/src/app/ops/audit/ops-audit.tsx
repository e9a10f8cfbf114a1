"use client";

import { useTRPC } from "@bazaar/next-kit/react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { AuditViewer } from "../../audit/audit-viewer";

const PLATFORM = "platform";
const ALL = "all";

/** The chain picker in front of the audit viewer: all chains, the platform's, or one tenant's. */
export function OpsAudit() {
  const trpc = useTRPC();
  const tenants = useQuery(trpc.ops.listTenants.queryOptions({ limit: 100 }));
  const [choice, setChoice] = useState<string>(ALL);
  const chain = choice === ALL ? "all" : choice === PLATFORM ? null : choice;

  return (
    <div className="stack">
      <div className="field">
        <label htmlFor="audit-chain">Chain</label>
        <select id="audit-chain" value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value={ALL}>All chains (newest first)</option>
          <option value={PLATFORM}>Platform (identity and operator actions)</option>
          {tenants.data?.tenants.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.slug})
            </option>
          ))}
        </select>
      </div>
      <AuditViewer key={choice} scope={{ kind: "ops", chain }} />
    </div>
  );
}
