import { randomUUID } from "node:crypto";
import { asPlatform, type Db, type Plan, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import type { Redis } from "ioredis";
import { loadPricingFacts } from "../cart/cart-catalog.service";
import { basisPoints, priceCart, type PricedCart } from "../cart/cart-pricing";
import { customerKeyOf, loadCart } from "../cart/cart.service";
import { CouponUnavailableError, redeemPromotion, usablePromotion } from "../cart/promotions.service";
import { deleteCart } from "../cart/cart.store";
import { ConflictError, DomainError } from "../errors";
import { PLANS } from "../plans/plans";
import type { CheckoutAdmission } from "./checkout-admission";
import type { PlaceOrderInput } from "./checkout.schema";

// Checkout: one transaction turns the cart into an order group, one order per seller with frozen prices
// and the commission rule of the seller's plan, the saga row that will drive it, and the
// `orders.order-group.placed` event that starts the saga worker. Nothing is reserved or charged here;
// the saga does that (docs/decisions/0019), so placing an order is one short write: a read of the
// prices, one statement for the group, its orders, lines and saga, and the event (decision 0032).

export interface CheckoutDeps {
  db: Db;
  redis: Redis;
  /** Waits while the saga backlog is full (checkout-admission.ts); none admits at once. */
  admission?: CheckoutAdmission;
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

/** What a new placement writes, checked and priced. */
interface Validated {
  cart: Awaited<ReturnType<typeof loadCart>>;
  email: string;
  customerKey: string;
  usable: Extract<Awaited<ReturnType<typeof usablePromotion>>, { row: unknown }> | null;
  priced: PricedCart & { currency: string };
  plans: Map<string, Plan>;
}

async function validate(deps: CheckoutDeps, tx: Tx, input: PlaceOrderInput, userId: string | null): Promise<Validated> {
  const cart = await loadCart(deps, input.cartId, { token: input.token, userId });
  const email = await guestEmail(tx, input, userId);
  const customerKey = customerKeyOf(userId, email)!;
  const usable = cart.coupon ? await usablePromotion(tx, cart.coupon, customerKey) : null;
  if (usable && "reason" in usable) throw new CouponUnavailableError(cart.coupon!, usable.reason);
  const facts = await loadPricingFacts(tx, cart.lines.map((l) => l.variantId), input.shippingAddress.country);
  const priced = priceCart({ currency: cart.currency, lines: cart.lines, shippingChoice: cart.shipping, ...facts, promotion: usable?.terms ?? null });
  if (priced.problems.length > 0 || !priced.currency) throw new CartNotCheckoutableError(priced.problems);
  return { cart, email, customerKey, usable, priced: priced as Validated["priced"], plans: facts.plans };
}

export async function placeOrder(deps: CheckoutDeps, input: PlaceOrderInput, userId: string | null): Promise<PlacedOrderGroup> {
  let spent: Awaited<ReturnType<typeof loadCart>> | undefined;
  // Before any connection is taken: a waiting checkout holds nothing.
  const release = (await deps.admission?.admit()) ?? (() => {});
  const placed = await asPlatform(deps.db, async (tx) => {
    let checked: Validated;
    try {
      checked = await validate(deps, tx, input, userId);
    } catch (error) {
      // A placed cart is deleted (and its coupon spent, its stock perhaps sold): a retry with the same
      // key finds it so, and is answered with the group it placed. Only these refusals (thrown before
      // any write, the transaction intact) look for one; a new key's refusal stands.
      if (error instanceof DomainError) {
        const first = await answerExisting(tx, input.idempotencyKey, input.cartId);
        if (first) return first;
      }
      throw error;
    }
    const { cart, email, customerKey, usable, priced, plans } = checked;
    spent = cart;
    const groupId = randomUUID();
    const sagaId = randomUUID();
    const orders = priced.sellers.map((seller) => {
      const plan = plans.get(seller.tenantId)!;
      const commissionBps = PLANS[plan].commissionBps;
      return {
        id: randomUUID(),
        seller,
        plan,
        commissionBps,
        // The marketplace's cut is taken on the goods, not on shipping or tax.
        commissionAmount: basisPoints(seller.subtotal, commissionBps),
        discountFundedBy: seller.discount > 0 ? (usable?.row.tenantId ? "SELLER" : "PLATFORM") : null,
      };
    });
    const lines = orders.flatMap((o) => o.seller.lines.map((l) => ({ ...l, id: randomUUID(), orderId: o.id, tenantId: o.seller.tenantId })));
    const history = [{ at: new Date().toISOString(), step: "RESERVE", note: "placed" }];
    // The group, every seller's order and line and the saga row in ONE statement (decision 0032). The
    // unique key decides between concurrent duplicates: the loser waits for the winner's commit, inserts
    // nothing (its orders, lines and saga hang on the group it did not insert) and answers the winner's.
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      WITH g AS (
        INSERT INTO order_groups (id, idempotency_key, cart_id, shopper_user_id, email, shipping_address, currency, total_amount, promotion_id, customer_key)
        VALUES (${groupId}::uuid, ${input.idempotencyKey}, ${cart.id}, ${userId}::uuid, ${email}, ${JSON.stringify(input.shippingAddress)}::jsonb,
                ${priced.currency}, ${priced.total}, ${usable?.row.id ?? null}::uuid, ${usable ? customerKey : null})
        ON CONFLICT (idempotency_key) DO NOTHING RETURNING id),
      o AS (
        INSERT INTO orders (id, tenant_id, group_id, currency, subtotal_amount, shipping_amount, tax_amount, total_amount, prices_include_tax,
                            shipping_rate_code, commission_plan, commission_bps, commission_amount, capture_at, discount_amount, discount_funded_by)
        SELECT u.id, u.tenant_id, g.id, ${priced.currency}, u.subtotal, u.shipping, u.tax, u.total, u.incl, u.rate, u.plan, u.bps, u.commission,
               u.capture::"CaptureAt", u.discount, u.funded
          FROM g, unnest(${orders.map((o) => o.id)}::uuid[], ${orders.map((o) => o.seller.tenantId)}::uuid[], ${orders.map((o) => o.seller.subtotal)}::int[],
                         ${orders.map((o) => o.seller.shipping!.amount)}::int[], ${orders.map((o) => o.seller.tax)}::int[], ${orders.map((o) => o.seller.total)}::int[],
                         ${orders.map((o) => o.seller.pricesIncludeTax)}::boolean[], ${orders.map((o) => o.seller.shipping!.code)}::text[],
                         ${orders.map((o) => o.plan)}::text[], ${orders.map((o) => o.commissionBps)}::int[], ${orders.map((o) => o.commissionAmount)}::int[],
                         ${orders.map((o) => o.seller.captureAt)}::text[], ${orders.map((o) => o.seller.discount)}::int[], ${orders.map((o) => o.discountFundedBy)}::text[])
               AS u(id, tenant_id, subtotal, shipping, tax, total, incl, rate, plan, bps, commission, capture, discount, funded)),
      l AS (
        INSERT INTO order_lines (id, tenant_id, order_id, variant_id, sku, title, quantity, unit_price_amount, line_total_amount, weight_grams)
        SELECT u.* FROM g, unnest(${lines.map((l) => l.id)}::uuid[], ${lines.map((l) => l.tenantId)}::uuid[], ${lines.map((l) => l.orderId)}::uuid[],
                                  ${lines.map((l) => l.variantId)}::uuid[], ${lines.map((l) => l.sku)}::text[], ${lines.map((l) => l.title)}::text[],
                                  ${lines.map((l) => l.quantity)}::int[], ${lines.map((l) => l.unitPrice)}::int[], ${lines.map((l) => l.lineTotal)}::int[],
                                  ${lines.map((l) => l.weightGrams)}::int[]) AS u),
      s AS (
        INSERT INTO checkout_sagas (id, group_id, deadline, payment_method, history)
        SELECT ${sagaId}::uuid, g.id, now(), ${input.paymentMethod ?? null}, ${JSON.stringify(history)}::jsonb FROM g)
      SELECT id FROM g`;
    if (inserted.length === 0) return (await answerExisting(tx, input.idempotencyKey, input.cartId))!;
    // The last redemption goes to one of any number of racing checkouts; the others roll back here.
    if (usable) await redeemPromotion(tx, usable.row, customerKey);
    const placedOrders: PlacedOrderGroup["orders"] = orders.map((o) => ({ orderId: o.id, tenantId: o.seller.tenantId, totalAmount: o.seller.total }));
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
        orders: placedOrders.map((o, i) => ({ ...o, lineCount: priced.sellers[i]!.lines.length })),
      },
    });
    return { groupId, sagaId, currency: priced.currency, totalAmount: priced.total, orders: placedOrders, replayed: false };
  }).finally(release);
  // The cart is spent; a retry with the same key is answered from the order group above.
  if (!placed.replayed && spent) await deleteCart(deps.redis, spent);
  return placed;
}
