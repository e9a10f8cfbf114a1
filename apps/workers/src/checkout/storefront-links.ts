import { apiEnv } from "@bazaar/api/env";

/**
 * Where the workers link shoppers to: the storefront's origin (WEB_ORIGIN) and the order-link secret
 * (ORDER_LINK_SECRET, undefined where none is configured: the links then need a sign-in). Read from the
 * API's environment, which a workers process shares with the storefront.
 */
export function storefrontLinks(): { origin: string; secret: string | undefined } {
  const env = apiEnv();
  return { origin: env.WEB_ORIGIN, secret: env.ORDER_LINK_SECRET };
}
