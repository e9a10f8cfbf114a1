import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import { ConflictError, DomainError, NotFoundError } from "../errors";

// Carts live in Redis (docs/decisions/0019): `cart:<id>` is one JSON document with a version, expiring
// CART_TTL_SECONDS after its last write. A mutation takes `cart:lock:<id>` (SET NX PX with a random
// token, released by a compare-and-delete script: one Redis, so the single-instance form of the Redlock
// algorithm, without the library) and then writes with a compare-and-set script that refuses a document
// whose stored version is not the one the mutation read. The lock keeps two writers from interleaving;
// the version check refuses a client that edits a cart it has not seen (stale tab, retried request).

export const cartLineSchema = z.object({ variantId: z.uuid(), quantity: z.number().int().min(1).max(99) });

const cartDocSchema = z.object({
  id: z.string(),
  tokenHash: z.string(),
  userId: z.string().nullable(),
  version: z.number().int().min(1),
  currency: z.string().nullable(),
  region: z.string().nullable(),
  lines: z.array(cartLineSchema),
  shipping: z.record(z.string(), z.string()),
  /** A coupon code the shopper applied; re-checked at every read and at checkout. */
  coupon: z.string().nullable().default(null),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CartDoc = z.infer<typeof cartDocSchema>;

export const cartKey = (id: string) => `cart:${id}`;
export const cartLockKey = (id: string) => `cart:lock:${id}`;
/** The signed-in shopper's current cart id (same TTL as the cart). */
export const userCartKey = (userId: string) => `cart:user:${userId}`;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export class CartNotFoundError extends NotFoundError {
  constructor(cartId: string) {
    super("cart", { cartId, reason: "unknown-or-expired" });
  }
}

/** Another mutation holds the cart; the client retries. */
export class CartBusyError extends ConflictError {
  constructor(cartId: string) {
    super("the cart is being changed by another request; retry", { cartId, reason: "cart-locked" });
  }
}

/** The write carried a version the cart has moved past; the client re-reads and retries. */
export class CartVersionConflictError extends ConflictError {
  constructor(cartId: string, expected: number, current: number) {
    super("the cart changed since it was read; re-read it and retry", { cartId, reason: "stale-version", expected, current });
  }
}

export class CartCurrencyError extends DomainError {
  constructor(details: { cartCurrency: string; variantCurrency: string; variantId: string }) {
    super("UNPROCESSABLE_CONTENT", "a cart holds one currency", { reason: "currency-mismatch", ...details });
  }
}

// KEYS[1] cart key; ARGV: expected version, new document, ttl seconds. 0 = missing, -1 = stale, 1 = written.
const CAS_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if cjson.decode(current).version ~= tonumber(ARGV[1]) then return -1 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
`;

const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface CartStoreOptions {
  ttlSeconds: number;
  lockMs: number;
}

export async function readCart(redis: Redis, cartId: string): Promise<CartDoc | null> {
  const raw = await redis.get(cartKey(cartId));
  return raw ? cartDocSchema.parse(JSON.parse(raw)) : null;
}

export async function createCartDoc(redis: Redis, userId: string | null, options: CartStoreOptions): Promise<{ cart: CartDoc; token: string }> {
  const token = randomBytes(24).toString("base64url");
  const now = new Date().toISOString();
  const cart: CartDoc = { id: randomUUID(), tokenHash: hashToken(token), userId, version: 1, currency: null, region: null, lines: [], shipping: {}, coupon: null, createdAt: now, updatedAt: now };
  const multi = redis.multi().set(cartKey(cart.id), JSON.stringify(cart), "EX", options.ttlSeconds, "NX");
  if (userId) multi.set(userCartKey(userId), cart.id, "EX", options.ttlSeconds);
  await multi.exec();
  return { cart, token };
}

/** Whoever holds the cart's token, or the signed-in shopper it belongs to. */
export function mayAccess(cart: CartDoc, token: string | undefined, userId: string | null): boolean {
  if (userId && cart.userId === userId) return true;
  if (!token) return false;
  const a = Buffer.from(hashToken(token), "hex");
  const b = Buffer.from(cart.tokenHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Takes the cart's lock, or null when another holder has it. Exported for the lock test. */
export async function acquireCartLock(redis: Redis, cartId: string, lockMs: number): Promise<string | null> {
  const token = randomUUID();
  return (await redis.set(cartLockKey(cartId), token, "PX", lockMs, "NX")) === "OK" ? token : null;
}

export async function releaseCartLock(redis: Redis, cartId: string, token: string): Promise<void> {
  await redis.eval(RELEASE_LUA, 1, cartLockKey(cartId), token);
}

// A human editing a cart rarely collides with themselves; a short bounded wait absorbs a double click
// without making the client retry, and anything longer is CartBusyError.
const LOCK_ATTEMPTS = 5;
const LOCK_BACKOFF_MS = 15;

export interface Access {
  token: string | undefined;
  userId: string | null;
}

/**
 * Reads the cart under its lock, lets `change` produce the next document from it, and writes that
 * only if the stored version is still `expectedVersion`. `change` may throw a DomainError: nothing is
 * written. Returns the written document.
 */
export async function mutateCart(
  redis: Redis,
  cartId: string,
  access: Access,
  expectedVersion: number,
  options: CartStoreOptions,
  change: (cart: CartDoc) => Promise<CartDoc> | CartDoc,
): Promise<CartDoc> {
  let lock: string | null = null;
  for (let attempt = 0; attempt < LOCK_ATTEMPTS && !lock; attempt++) {
    lock = await acquireCartLock(redis, cartId, options.lockMs);
    if (!lock && attempt < LOCK_ATTEMPTS - 1) await new Promise((r) => setTimeout(r, LOCK_BACKOFF_MS * (attempt + 1)));
  }
  if (!lock) throw new CartBusyError(cartId);
  try {
    const cart = await readCart(redis, cartId);
    if (!cart || !mayAccess(cart, access.token, access.userId)) throw new CartNotFoundError(cartId);
    if (cart.version !== expectedVersion) throw new CartVersionConflictError(cartId, expectedVersion, cart.version);
    const next = { ...(await change(cart)), version: cart.version + 1, updatedAt: new Date().toISOString() };
    const written = await redis.eval(CAS_LUA, 1, cartKey(cartId), String(expectedVersion), JSON.stringify(next), String(options.ttlSeconds));
    if (written === 0) throw new CartNotFoundError(cartId);
    if (written === -1) throw new CartVersionConflictError(cartId, expectedVersion, (await readCart(redis, cartId))?.version ?? -1);
    if (next.userId) await redis.set(userCartKey(next.userId), cartId, "EX", options.ttlSeconds);
    return next;
  } finally {
    await releaseCartLock(redis, cartId, lock);
  }
}

export async function deleteCart(redis: Redis, cart: CartDoc): Promise<void> {
  await redis.del(cartKey(cart.id));
  if (cart.userId && (await redis.get(userCartKey(cart.userId))) === cart.id) await redis.del(userCartKey(cart.userId));
}
