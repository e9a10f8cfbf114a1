import { auditRouter } from "./audit/audit.router";
import { cartRouter } from "./cart/cart.router";
import { promotionsRouter } from "./cart/promotions.router";
import { shippingRouter, taxRatesRouter } from "./cart/shipping-settings.router";
import { catalogRouter } from "./catalog/catalog.router";
import { checkoutRouter, ordersRouter } from "./checkout/orders.router";
import { sagaOpsRouter } from "./checkout/saga-ops.router";
import { eventExplorerRouter } from "./event-explorer/event-explorer.router";
import { healthRouter } from "./health/health.router";
import { identityRouter } from "./identity/identity.router";
import { ledgerRouter, payoutsRouter } from "./ledger/ledger.router";
import { inventoryRouter } from "./inventory/inventory.router";
import { mediaRouter } from "./media/media.router";
import { reviewsRouter } from "./reviews/reviews.router";
import { searchRouter } from "./search/search.router";
import { opsRouter } from "./tenants/ops.router";
import { storesRouter } from "./stores/stores.router";
import { tenantsRouter } from "./tenants/tenants.router";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  health: healthRouter,
  identity: identityRouter,
  tenants: tenantsRouter,
  stores: storesRouter,
  audit: auditRouter,
  ops: opsRouter,
  catalog: catalogRouter,
  inventory: inventoryRouter,
  media: mediaRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  orders: ordersRouter,
  promotions: promotionsRouter,
  search: searchRouter,
  eventExplorer: eventExplorerRouter,
  sagaOps: sagaOpsRouter,
  ledger: ledgerRouter,
  payouts: payoutsRouter,
  reviews: reviewsRouter,
  shipping: shippingRouter,
  taxRates: taxRatesRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (server components, scripts, tests) with a context you built. */
export const createCaller = createCallerFactory(appRouter);
