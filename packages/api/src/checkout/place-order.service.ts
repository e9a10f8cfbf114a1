import { randomUUID } from "node:crypto";
import { asPlatform, type Db, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import type { Redis } from "ioredis";
import { loadPricingFacts } from "../cart/cart-catalog.service";
import { basisPoints, priceCart, type PricedCart } from "../cart/cart-pricing";
import { customerKeyOf, loadCart } from "../cart/cart.service";
import { CouponUnavailableError, redeemPromotion, usablePromotion } from "../cart/promotions.service";
import { deleteCart } from "../cart/cart.store";
import { ConflictError, DomainError } from "../errors";
import { PLANS } from "../plans/plans";
import type { PlaceOrderInput } from "./checkout.schema";

// Checkout: one transaction turns the cart into an order group, one order per seller with frozen prices
// and the commission rule of the seller's plan, the saga row that will drive it, and the
// `orders.order-group.placed` event that starts the saga worker. Nothing is reserved or charged here;
// the saga does that (docs/decisions/0019), so placing an order is one short write.

export interface CheckoutDeps {
  db: Db;
  redis: Redis;
}

export interface PlacedOrderGroup {
  groupId: string;
  sagaId: string;
  currency: string;
  totalAmount: number;
  orders: { orderId: string; tenantId: string; totalAmount: number }[];
  /** True when this answers an earlier call with the same idempotency key. */
  replayed: boolean;
}

export class IdempotencyKeyReusedError extends ConflictError {
  constructor() {
    super("this idempotency key was used for another cart", { reason: "idempotency-key-reused" });
    this.name = "IdempotencyKeyReusedError";
  }
}

export class CartNotCheckoutableError extends ConflictError {
  constructor(problems: PricedCart["problems"]) {
    super("the cart cannot be checked out as it is", { reason: "cart-not-checkoutable", problems });
    this.name = "CartNotCheckoutableError";
  }
}

async function answerExisting(tx: Tx, idempotencyKey: string, cartId: string): Promise<PlacedOrderGroup | null> {
  const group = await tx.orderGroup.findUnique({
    where: { idempotencyKey },
    include: { orders: { select: { id: true, tenantId: true, totalAmount: true }, orderBy: { tenantId: "asc" } }, saga: { select: { id: true } } },
  });
  if (!group) return null;
  if (group.cartId !== cartId) throw new IdempotencyKeyReusedError();
  return {
    groupId: group.id,
    sagaId: group.saga!.id,
    currency: group.currency,
    totalAmount: group.totalAmount,
    orders: group.orders.map((o) => ({ orderId: o.id, tenantId: o.tenantId, totalAmount: o.totalAmount })),
    replayed: true,
  };
}

async function guestEmail(tx: Tx, input: PlaceOrderInput, userId: string | null): Promise<string> {
  if (input.email) return input.email;
  const user = userId ? await tx.user.findUnique({ where: { id: userId }, select: { email: true } }) : null;
  if (!user) throw new DomainError("BAD_REQUEST", "an email address is required to check out as a guest", { reason: "email-required" });
  return user.email;
}

export async function placeOrder(deps: CheckoutDeps, input: PlaceOrderInput, userId: string | null): Promise<PlacedOrderGroup> {
  let spent: Awaited<ReturnType<typeof loadCart>> | undefined;
  // One transaction: the replay check comes first because a placed cart is deleted, so a retry must be
  // answered before the cart is looked for.
  const placed = await asPlatform(deps.db, async (tx) => {
    const first = await answerExisting(tx, input.idempotencyKey, input.cartId);
    if (first) return first;
    const cart = await loadCart(deps, input.cartId, { token: input.token, userId });
    spent = cart;
    const email = await guestEmail(tx, input, userId);
    const customerKey = customerKeyOf(userId, email)!;
    const usable = cart.coupon ? await usablePromotion(tx, cart.coupon, customerKey) : null;
    if (usable && "reason" in usable) throw new CouponUnavailableError(cart.coupon!, usable.reason);
    const facts = await loadPricingFacts(tx, cart.lines.map((l) => l.variantId), input.shippingAddress.country);
    const priced = priceCart({ currency: cart.currency, lines: cart.lines, shippingChoice: cart.shipping, ...facts, promotion: usable?.terms ?? null });
    if (priced.problems.length > 0 || !priced.currency) throw new CartNotCheckoutableError(priced.problems);
    const groupId = randomUUID();
    const sagaId = randomUUID();
    // The unique key decides between concurrent duplicates: the loser waits for the winner's commit,
    // inserts nothing and answers the winner's group.
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO order_groups (id, idempotency_key, cart_id, shopper_user_id, email, shipping_address, currency, total_amount)
      VALUES (${groupId}::uuid, ${input.idempotencyKey}, ${cart.id}, ${userId}::uuid, ${email}, ${JSON.stringify(input.shippingAddress)}::jsonb,
              ${priced.currency}, ${priced.total})
      ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`;
    if (inserted.length === 0) return (await answerExisting(tx, input.idempotencyKey, input.cartId))!;
    // The last redemption goes to one of any number of racing checkouts; the others roll back here.
    if (usable) {
      await redeemPromotion(tx, usable.row, customerKey);
      await tx.orderGroup.update({ where: { id: groupId }, data: { promotionId: usable.row.id, customerKey } });
    }
    const tenants = await tx.tenant.findMany({ where: { id: { in: priced.sellers.map((s) => s.tenantId) } }, select: { id: true, plan: true } });
    // Every order, then every line, in one statement each (a nested create per seller costs three round
    // trips: the insert, its lines and a read back).
    const rows = priced.sellers.map((seller) => {
      const plan = tenants.find((t) => t.id === seller.tenantId)!.plan;
      const commissionBps = PLANS[plan].commissionBps;
      return {
        id: randomUUID(),
        tenantId: seller.tenantId,
        groupId,
        currency: priced.currency!,
        subtotalAmount: seller.subtotal,
        shippingAmount: seller.shipping!.amount,
        taxAmount: seller.tax,
        totalAmount: seller.total,
        pricesIncludeTax: seller.pricesIncludeTax,
        shippingRateCode: seller.shipping!.code,
        commissionPlan: plan,
        commissionBps,
        // The marketplace's cut is taken on the goods, not on shipping or tax.
        commissionAmount: basisPoints(seller.subtotal, commissionBps),
        captureAt: seller.captureAt,
        discountAmount: seller.discount,
        discountFundedBy: seller.discount > 0 ? (usable?.row.tenantId ? ("SELLER" as const) : ("PLATFORM" as const)) : null,
      };
    });
    await tx.order.createMany({ data: rows });
    await tx.orderLine.createMany({
      data: priced.sellers.flatMap((seller, i) =>
        seller.lines.map((l) => ({
          id: randomUUID(),
          tenantId: seller.tenantId,
          orderId: rows[i]!.id,
          variantId: l.variantId,
          sku: l.sku,
          title: l.title,
          quantity: l.quantity,
          unitPriceAmount: l.unitPrice,
          lineTotalAmount: l.lineTotal,
          weightGrams: l.weightGrams,
        })),
      ),
    });
    const orders: PlacedOrderGroup["orders"] = rows.map((o) => ({ orderId: o.id, tenantId: o.tenantId, totalAmount: o.totalAmount }));
    await tx.checkoutSaga.create({
      data: { id: sagaId, groupId, deadline: new Date(), paymentMethod: input.paymentMethod ?? null, history: [{ at: new Date().toISOString(), step: "RESERVE", note: "placed" }] },
    });
    await enqueue(tx, {
      type: "orders.order-group.placed",
      version: 1,
      tenantId: null,
      aggregateId: groupId,
      payload: {
        groupId,
        sagaId,
        shopperUserId: userId,
        currency: priced.currency,
        totalAmount: priced.total,
        orders: orders.map((o, i) => ({ ...o, lineCount: priced.sellers[i]!.lines.length })),
      },
    });
    return { groupId, sagaId, currency: priced.currency, totalAmount: priced.total, orders, replayed: false };
  });
  // The cart is spent; a retry with the same key is answered from the order group above.
  if (!placed.replayed && spent) await deleteCart(deps.redis, spent);
  return placed;
}
