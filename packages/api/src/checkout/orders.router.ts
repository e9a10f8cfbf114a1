import { authedProcedure, createTRPCRouter, publicProcedure, tenantProcedure } from "../trpc";
import { fulfilOrderSchema, groupIdSchema, listOrdersSchema, orderIdSchema, orderLinkSchema, placeOrderSchema } from "./checkout.schema";
import { OrderLinkUnavailableError, signOrderLink } from "./order-link";
import { getSellerOrderDetail, listSellerOrders } from "./orders-query.service";
import { cancelOrder, fulfilOrder, markDelivered } from "./orders.service";
import { checkoutAdmissionFor } from "./checkout-admission";
import { placeOrder } from "./place-order.service";
import { refundOrderSchema } from "./refunds.schema";
import { refundOrder } from "./refunds.service";
import { getMyOrderGroup, getOrderGroupByLink, listMyOrderGroups } from "./shopper-orders.service";

/** The status link's token, or null where no link secret is configured (the shopper then signs in to see it). */
function statusTokenOf(groupId: string): string | null {
  try {
    return signOrderLink(groupId);
  } catch (error) {
    if (error instanceof OrderLinkUnavailableError) return null;
    throw error;
  }
}

/** Checkout (public: a guest checks out with the cart's token) and the shopper's own order groups. */
export const checkoutRouter = createTRPCRouter({
  placeOrder: publicProcedure.input(placeOrderSchema).mutation(async ({ ctx, input }) => {
    const placed = await placeOrder({ ...ctx, admission: checkoutAdmissionFor(ctx.db) }, input, ctx.session?.userId ?? null);
    return { ...placed, statusToken: statusTokenOf(placed.groupId) };
  }),
  /** A guest's order status page: the group behind a signed link (wrong token = NOT_FOUND). */
  orderStatus: publicProcedure.input(orderLinkSchema).query(({ ctx, input }) => getOrderGroupByLink(ctx.db, input.groupId, input.token)),
  myOrderGroups: authedProcedure.query(({ ctx }) => listMyOrderGroups(ctx.db, ctx.session.userId)),
  getOrderGroup: authedProcedure.input(groupIdSchema).query(({ ctx, input }) => getMyOrderGroup(ctx.db, ctx.session.userId, input.groupId)),
});

/** The header tenant's orders: VIEWER reads, STAFF fulfils and marks delivered, MANAGER cancels and refunds. */
export const ordersRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER").input(listOrdersSchema).query(({ ctx, input }) => listSellerOrders(ctx.db, ctx.rootDb, input)),
  get: tenantProcedure("VIEWER").input(orderIdSchema).query(({ ctx, input }) => getSellerOrderDetail(ctx.db, ctx.rootDb, input.orderId)),
  fulfil: tenantProcedure("STAFF").input(fulfilOrderSchema).mutation(({ ctx, input }) => fulfilOrder(ctx.db, ctx.session.userId, input.orderId, input.trackingNumber)),
  markDelivered: tenantProcedure("STAFF").input(orderIdSchema).mutation(({ ctx, input }) => markDelivered(ctx.db, input.orderId)),
  cancel: tenantProcedure("MANAGER").input(orderIdSchema).mutation(({ ctx, input }) => cancelOrder(ctx.db, ctx.session.userId, input.orderId)),
  refund: tenantProcedure("MANAGER")
    .input(refundOrderSchema)
    .mutation(({ ctx, input }) => refundOrder(ctx.db, ctx.rootDb, { tenantId: ctx.tenant.id, actorId: ctx.session.userId }, input)),
});
