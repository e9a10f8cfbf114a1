import { orderLinkEnv } from "@bazaar/api/env";

/**
 * Where the workers link shoppers to: the storefront's origin (WEB_ORIGIN) and the order-link secret
 * (ORDER_LINK_SECRET, undefined in production where none is configured: the links then need a sign-in).
 */
export function storefrontLinks(): { origin: string; secret: string | undefined } {
  const env = orderLinkEnv();
  return { origin: env.WEB_ORIGIN, secret: env.ORDER_LINK_SECRET };
}
