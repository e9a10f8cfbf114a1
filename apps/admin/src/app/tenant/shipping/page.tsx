import type { Metadata } from "next";

import { currentTenant, requireSession } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { tenantRoleAtLeast } from "../../roles";
import { NoTenant } from "../no-tenant";
import { CheckoutSettingsForm } from "./checkout-settings-form";
import { RatesManager } from "./rates-manager";

export const metadata: Metadata = { title: "Shipping" };

export default async function ShippingPage() {
  await requireSession("/tenant/shipping");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Shipping" />;
  prefetch(trpc.shipping.listRates.queryOptions());
  prefetch(trpc.shipping.getCheckoutSettings.queryOptions());
  const canManage = tenantRoleAtLeast(tenant.role, "MANAGER");
  return (
    <HydrateClient>
      <h1>Shipping and checkout</h1>
      <p className="lead">
        How {tenant.name} ships and what checkout charges: the cheapest rate in the cart&apos;s currency is the shopper&apos;s default. A
        change shows in every cart at its next read; orders already placed keep their amounts.
      </p>
      <RatesManager canManage={canManage} />
      <CheckoutSettingsForm canManage={canManage} />
    </HydrateClient>
  );
}
