"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

import { selectTenant } from "./tenant-actions";

/**
 * A seller with exactly one tenant and none chosen yet lands in it: the layout renders this once, it
 * sets the tenant cookie through the same server action as the switcher, and the page re-renders in it.
 */
export function AutoSelectTenant({ tenantId }: { tenantId: string }) {
  const router = useRouter();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void selectTenant(tenantId).then(({ ok }) => {
      if (ok) router.refresh();
    });
  }, [tenantId, router]);
  return null;
}
