import type { Db } from "@bazaar/db";
import type { Redis } from "ioredis";
import { apiEnv } from "../env";
import { DomainError, NotFoundError } from "../errors";
import { readPricingFacts, type PricingFacts } from "./cart-catalog.service";
import { priceCart, type PricedCart } from "./cart-pricing";
import { normaliseCode, readUsablePromotion } from "./promotions.service";
import type { CartRefInput, CheckCouponInput, CouponInput, MergeCartInput, SetLineInput, SetRegionInput, SetShippingInput, VersionedCartInput } from "./cart.schema";
import {
  CartCurrencyError,
  CartNotFoundError,
  createCartDoc,
  deleteCart,
  mayAccess,
  mutateCart,
  readCart,
  userCartKey,
  type Access,
  type CartDoc,
  type CartStoreOptions,
} from "./cart.store";

// The cart domain: the only code reading or writing `cart:*` keys. Every read re-prices the cart from
// PostgreSQL, so a price change or a sold-out variant shows at once; checkout prices it the same way.

export interface CartDeps {
  db: Db;
  redis: Redis;
  options?: CartStoreOptions;
}

export const MAX_CART_LINES = 50;

export interface CartView {
  cartId: string;
  version: number;
  currency: string | null;
  region: string | null;
  signedIn: boolean;
  priced: PricedCart;
  /** Display names of the cart's sellers by tenant id (the storefront's per-seller headings). */
  sellerNames: Record<string, string>;
}

const storeOptions = (deps: CartDeps): CartStoreOptions => deps.options ?? { ttlSeconds: apiEnv().CART_TTL_SECONDS, lockMs: apiEnv().CART_LOCK_MS };

/** The shopper whose per-customer coupon limits count: the account, or the guest's email at checkout. */
export const customerKeyOf = (userId: string | null, email?: string | null) => userId ?? (email ? `email:${email.toLowerCase()}` : null);

/**
 * Prices `cart` (with `coupon` instead of the cart's own when given: the dry-run). A coupon that cannot
 * be used at all (unknown, expired, used up) prices as no discount with the reason and a problem.
 */
export async function priceDoc(db: Db, cart: CartDoc, options: { coupon?: string | null; customerKey?: string | null } = {}, known?: PricingFacts): Promise<PricedCart> {
  const facts = known ?? (await readPricingFacts(db, cart.lines.map((l) => l.variantId), cart.region));
  const code = options.coupon === undefined ? cart.coupon : options.coupon;
  const usable = code ? await readUsablePromotion(db, code, options.customerKey ?? cart.userId) : null;
  const priced = priceCart({ currency: cart.currency, lines: cart.lines, shippingChoice: cart.shipping, ...facts, promotion: usable && "terms" in usable ? usable.terms : null });
  if (code && usable && "reason" in usable) {
    return { ...priced, promotion: { code: normaliseCode(code), applies: false, reason: usable.reason, discount: 0 }, problems: [...priced.problems, { reason: `coupon-${usable.reason}` }] };
  }
  return priced;
}

async function view(deps: CartDeps, cart: CartDoc, known?: PricingFacts): Promise<CartView> {
  // The sellers' names come with the catalog lines: one read of PostgreSQL per cart view, not two.
  const facts = known ?? (await readPricingFacts(deps.db, cart.lines.map((l) => l.variantId), cart.region));
  const priced = await priceDoc(deps.db, cart, {}, facts);
  const sellerNames = Object.fromEntries([...facts.catalog.values()].flatMap((line) => (line.sellerName ? [[line.tenantId, line.sellerName] as const] : [])));
  return { cartId: cart.id, version: cart.version, currency: cart.currency, region: cart.region, signedIn: cart.userId !== null, priced, sellerNames };
}

/** The cart if `access` may see it; unknown, expired and someone else's carts look the same. */
export async function loadCart(deps: CartDeps, cartId: string, access: Access): Promise<CartDoc> {
  const cart = await readCart(deps.redis, cartId);
  if (!cart || !mayAccess(cart, access.token, access.userId)) throw new CartNotFoundError(cartId);
  return cart;
}

export async function createCart(deps: CartDeps, userId: string | null): Promise<CartView & { token: string }> {
  const { cart, token } = await createCartDoc(deps.redis, userId, storeOptions(deps));
  return { ...(await view(deps, cart)), token };
}

export async function getCart(deps: CartDeps, input: CartRefInput, userId: string | null): Promise<CartView> {
  return view(deps, await loadCart(deps, input.cartId, { token: input.token, userId }));
}

/** The signed-in shopper's current cart, or null. */
export async function myCart(deps: CartDeps, userId: string): Promise<CartView | null> {
  const cartId = await deps.redis.get(userCartKey(userId));
  const cart = cartId ? await readCart(deps.redis, cartId) : null;
  return cart && cart.userId === userId ? view(deps, cart) : null;
}

/**
 * Sets a line's quantity (0 removes it). The variant must be published; the first line fixes the currency.
 * One catalog read (the cart's lines as they stand and the variant) serves both the check and the
 * answer's pricing (bench/cart: a second read cost a quarter of the request); when a concurrent write
 * changed the region or brought lines it did not cover, the answer is priced afresh.
 */
export async function setLine(deps: CartDeps, input: SetLineInput, userId: string | null): Promise<CartView> {
  const before = await readCart(deps.redis, input.cartId);
  if (!before) throw new CartNotFoundError(input.cartId);
  const covered = new Set([...before.lines.map((l) => l.variantId), input.variantId]);
  const facts = await readPricingFacts(deps.db, [...covered], before.region);
  const cart = await mutateCart(deps.redis, input.cartId, { token: input.token, userId }, input.expectedVersion, storeOptions(deps), (cart) => {
    const rest = cart.lines.filter((l) => l.variantId !== input.variantId);
    if (input.quantity === 0) return { ...cart, lines: rest, currency: rest.length === 0 ? null : cart.currency };
    const variant = facts.catalog.get(input.variantId);
    if (!variant) throw new NotFoundError("variant", { variantId: input.variantId });
    if (cart.currency && cart.currency !== variant.currency) {
      throw new CartCurrencyError({ cartCurrency: cart.currency, variantCurrency: variant.currency, variantId: input.variantId });
    }
    const existing = cart.lines.some((l) => l.variantId === input.variantId);
    if (!existing && cart.lines.length >= MAX_CART_LINES) throw new DomainError("BAD_REQUEST", `a cart holds at most ${MAX_CART_LINES} lines`, { reason: "too-many-lines" });
    const lines = existing ? cart.lines.map((l) => (l.variantId === input.variantId ? { ...l, quantity: input.quantity } : l)) : [...cart.lines, { variantId: input.variantId, quantity: input.quantity }];
    return { ...cart, lines, currency: variant.currency };
  });
  const stillCovered = cart.region === before.region && cart.lines.every((l) => covered.has(l.variantId));
  // Facts for variants no longer in the cart change nothing: pricing looks up the cart's own lines.
  return view(deps, cart, stillCovered ? facts : undefined);
}

export async function setShipping(deps: CartDeps, input: SetShippingInput, userId: string | null): Promise<CartView> {
  const cart = await mutateCart(deps.redis, input.cartId, { token: input.token, userId }, input.expectedVersion, storeOptions(deps), async (cart) => {
    const priced = await priceDoc(deps.db, cart);
    const seller = priced.sellers.find((s) => s.tenantId === input.tenantId);
    if (!seller?.shippingOptions.some((o) => o.code === input.rateCode)) {
      throw new NotFoundError("shipping option", { tenantId: input.tenantId, rateCode: input.rateCode });
    }
    return { ...cart, shipping: { ...cart.shipping, [input.tenantId]: input.rateCode } };
  });
  return view(deps, cart);
}

export async function setRegion(deps: CartDeps, input: SetRegionInput, userId: string | null): Promise<CartView> {
  const cart = await mutateCart(deps.redis, input.cartId, { token: input.token, userId }, input.expectedVersion, storeOptions(deps), (cart) => ({ ...cart, region: input.region }));
  return view(deps, cart);
}

/**
 * At sign-in: folds the guest cart into the shopper's cart (quantities add up, capped at 99; lines in
 * another currency are dropped), or makes the guest cart theirs when they have none. The guest cart is
 * gone afterwards. Both carts are changed under their locks, the guest's last.
 */
export async function mergeCart(deps: CartDeps, userId: string, input: MergeCartInput): Promise<CartView> {
  const options = storeOptions(deps);
  const guest = await loadCart(deps, input.cartId, { token: input.token, userId: null });
  if (guest.userId === userId) return view(deps, guest);
  if (guest.userId) throw new CartNotFoundError(input.cartId);
  const ownId = await deps.redis.get(userCartKey(userId));
  const own = ownId ? await readCart(deps.redis, ownId) : null;
  if (!own || own.userId !== userId) {
    const claimed = await mutateCart(deps.redis, guest.id, { token: input.token, userId: null }, guest.version, options, (cart) => ({ ...cart, userId }));
    return view(deps, claimed);
  }
  const merged = await mutateCart(deps.redis, own.id, { token: undefined, userId }, own.version, options, (cart) => {
    const lines = cart.lines.map((l) => ({ ...l }));
    for (const g of guest.lines) {
      if (cart.currency && guest.currency && cart.currency !== guest.currency) break;
      const same = lines.find((l) => l.variantId === g.variantId);
      if (same) same.quantity = Math.min(99, same.quantity + g.quantity);
      else if (lines.length < MAX_CART_LINES) lines.push({ ...g });
    }
    return { ...cart, lines, currency: cart.currency ?? guest.currency, shipping: { ...guest.shipping, ...cart.shipping }, region: cart.region ?? guest.region };
  });
  await deleteCart(deps.redis, guest);
  return view(deps, merged);
}

/** Applies a coupon; one that does not apply to this cart is refused with the reason and not stored. */
export async function applyCoupon(deps: CartDeps, input: CouponInput, userId: string | null): Promise<CartView> {
  const cart = await mutateCart(deps.redis, input.cartId, { token: input.token, userId }, input.expectedVersion, storeOptions(deps), async (cart) => {
    const priced = await priceDoc(deps.db, cart, { coupon: input.code });
    if (!priced.promotion?.applies) {
      throw new DomainError("UNPROCESSABLE_CONTENT", "this coupon does not apply to the cart", { reason: `coupon-${priced.promotion?.reason ?? "unknown-code"}`, code: normaliseCode(input.code) });
    }
    return { ...cart, coupon: normaliseCode(input.code) };
  });
  return view(deps, cart);
}

export async function removeCoupon(deps: CartDeps, input: VersionedCartInput, userId: string | null): Promise<CartView> {
  const cart = await mutateCart(deps.redis, input.cartId, { token: input.token, userId }, input.expectedVersion, storeOptions(deps), (cart) => ({ ...cart, coupon: null }));
  return view(deps, cart);
}

/** The dry-run: what `code` would take off this cart, or why it does not apply. Changes nothing. */
export async function checkCoupon(deps: CartDeps, input: CheckCouponInput, userId: string | null) {
  const cart = await loadCart(deps, input.cartId, { token: input.token, userId });
  const priced = await priceDoc(deps.db, cart, { coupon: input.code });
  return priced.promotion!;
}
