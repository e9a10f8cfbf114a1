import type { RouterInputs } from "@bazaar/api";

export type TenantType = RouterInputs["tenants"]["startOnboarding"]["type"];

export const TENANT_TYPES: readonly { value: TenantType; label: string; description: string }[] = [
  { value: "SELLER_INDIVIDUAL", label: "Individual seller", description: "You sell your own goods under your own name." },
  { value: "SELLER_BUSINESS", label: "Business seller", description: "A registered company, usually with staff." },
  { value: "MARKETPLACE", label: "Marketplace", description: "You host other sellers under your own brand." },
  { value: "FRANCHISE", label: "Franchise", description: "Several locations or outlets under one brand." },
];

export function tenantTypeLabel(type: string): string {
  return TENANT_TYPES.find((t) => t.value === type)?.label ?? type;
}

/** The API's slug rule (tenants/slug.ts): what the wizard suggests from the name. */
export function suggestSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/g, "");
}
