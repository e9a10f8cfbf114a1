"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTransition } from "react";

import { selectTenant } from "../tenant-actions";

/** Makes `tenantId` the working tenant and opens its dashboard. */
export function OpenTenantButton({ tenantId, name }: { tenantId: string; name: string }) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      className="button button-secondary"
      disabled={pending}
      aria-label={`Open ${name}`}
      onClick={() =>
        startTransition(async () => {
          queryClient.clear();
          await selectTenant(tenantId, "/");
        })
      }
    >
      Open
    </button>
  );
}
