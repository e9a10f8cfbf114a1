import { asPlatform, type Db, type Prisma, type Tx } from "@bazaar/db";
import { decodeCursor, pageOf } from "../catalog/cursor";
import { DomainError, NotFoundError } from "../errors";
import type { ListOrdersInput } from "./checkout.schema";
import { refundView } from "./refunds.service";

// The seller dashboard's reads: the tenant's orders with filters and keyset paging (created_at desc, id
// desc), and one order in detail. Orders are read in the tenant's context (RLS); what lives on the
// platform side of a checkout — the shopper's email and address on the group, the payment's state, the
// saga's history — is read in platform context strictly for the group of an order the seller can see.

const HEX_PREFIX = /^[0-9a-f-]{4,36}$/i;

/** Order ids of this tenant (RLS) whose id starts with `prefix`. */
async function idsByPrefix(tx: Tx, prefix: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM orders WHERE id::text LIKE ${`${prefix.toLowerCase()}%`} LIMIT 200`;
  return rows.map((r) => r.id);
}

/** Groups checked out with this email; the orders filter below keeps only the tenant's own. */
function groupsByEmail(rootDb: Db, email: string): Promise<string[]> {
  return asPlatform(rootDb, async (tx) => (await tx.orderGroup.findMany({ where: { email: { equals: email, mode: "insensitive" } }, select: { id: true }, take: 1_000 })).map((g) => g.id));
}

export async function listSellerOrders(tx: Tx, rootDb: Db, input: ListOrdersInput) {
  const where: Prisma.OrderWhereInput[] = [];
  if (input.status) where.push({ status: input.status });
  if (input.from) where.push({ createdAt: { gte: input.from } });
  if (input.to) where.push({ createdAt: { lt: input.to } });
  if (input.search) {
    if (input.search.includes("@")) where.push({ groupId: { in: await groupsByEmail(rootDb, input.search) } });
    else if (HEX_PREFIX.test(input.search)) where.push({ id: { in: await idsByPrefix(tx, input.search) } });
    else where.push({ id: { in: [] } });
  }
  if (input.cursor) {
    const c = decodeCursor(input.cursor);
    const at = new Date(c.k);
    if (Number.isNaN(at.getTime())) throw new DomainError("BAD_REQUEST", "invalid cursor: pass the nextCursor of the previous page", { cursor: input.cursor });
    where.push({ OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: c.id } }] });
  }
  const rows = await tx.order.findMany({
    where: { AND: where },
    include: { lines: { orderBy: { sku: "asc" } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, (o) => o.createdAt.toISOString(), (o) => o);
}

interface SagaHistoryEntry {
  at?: string;
  from?: string;
  to?: string;
  note?: string;
}

/**
 * One order for its seller: lines, refunds, the shopper (email, whether signed in), the shipping
 * address, the payment's state and the checkout's step history. NOT_FOUND for another tenant's order.
 */
export async function getSellerOrderDetail(tx: Tx, rootDb: Db, orderId: string) {
  const order = await tx.order.findUnique({ where: { id: orderId }, include: { lines: { orderBy: { sku: "asc" } }, refunds: { orderBy: { createdAt: "asc" } } } });
  if (!order) throw new NotFoundError("order", { orderId });
  const side = await asPlatform(rootDb, async (p) => {
    const group = await p.orderGroup.findUniqueOrThrow({ where: { id: order.groupId }, include: { saga: { select: { state: true, step: true, history: true } } } });
    const payment = group.paymentId ? await p.payment.findUnique({ where: { id: group.paymentId }, select: { status: true, provider: true } }) : null;
    return { group, payment };
  });
  const { refunds, ...rest } = order;
  return {
    ...rest,
    refunds: refunds.map(refundView),
    // A FAILED refund gave nothing back and no longer counts against the bound (decision 0028).
    refundedAmount: refunds.filter((r) => r.state !== "FAILED").reduce((sum, r) => sum + r.amount, 0),
    shopper: { email: side.group.email, signedIn: side.group.shopperUserId !== null },
    shippingAddress: side.group.shippingAddress as Record<string, string>,
    payment: side.payment ? { status: side.payment.status, provider: side.payment.provider } : null,
    // The checkout's steps that concern every order of the group (reserve, authorize, confirm, capture).
    history: ((side.group.saga?.history ?? []) as SagaHistoryEntry[]).map((h) => ({ at: h.at ?? null, from: h.from ?? null, to: h.to ?? null, note: h.note ?? null })),
  };
}
