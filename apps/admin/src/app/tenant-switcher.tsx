"use client";

import type { TenantRole } from "@bazaar/api";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTransition } from "react";

import { TENANT_ROLE_LABELS } from "./roles";
import { selectTenant } from "./tenant-actions";

interface SwitcherTenant {
  id: string;
  name: string;
  role: TenantRole;
}

/** Picks the tenant the dashboard works on; every API call then carries it as `x-tenant-id`. */
export function TenantSwitcher({ tenants, selected }: { tenants: SwitcherTenant[]; selected: string | null }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();

  return (
    <label className="tenant-switcher">
      <span className="sr-only">Tenant</span>
      <select
        aria-label="Tenant"
        value={selected ?? ""}
        disabled={pending}
        onChange={(event) => {
          const tenantId = event.target.value;
          startTransition(async () => {
            const { ok } = await selectTenant(tenantId);
            // Cached answers belong to the previous tenant.
            if (ok) queryClient.clear();
            router.refresh();
          });
        }}
      >
        {selected ? null : (
          <option value="" disabled>
            Choose a tenant…
          </option>
        )}
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({TENANT_ROLE_LABELS[t.role]})
          </option>
        ))}
      </select>
    </label>
  );
}
