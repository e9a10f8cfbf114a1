import type { ApiErrorView } from "@bazaar/next-kit/api-error";

/** A stale `version` (someone else saved first): the API's CONFLICT carrying `currentVersion`. */
export function staleVersion(error: ApiErrorView | null): number | null {
  const current = error?.code === "CONFLICT" ? error.details?.currentVersion : undefined;
  return typeof current === "number" ? current : null;
}
