import { asPlatform, asUser, type Db, type Prisma } from "@bazaar/db";
import { NotFoundError } from "../errors";
import { verifyOrderLink } from "./order-link";

// What a shopper sees of their checkout: the group, each seller's order with its status, tracking number
// and lines, the seller's name, and while the payment waits for them, where to pay. Read in platform
// context narrowed to one group whose signed link they hold, or in the shopper's own context (asUser).

const groupSelect = {
  id: true,
  status: true,
  email: true,
  currency: true,
  totalAmount: true,
  paymentId: true,
  createdAt: true,
  orders: {
    select: {
      id: true,
      tenantId: true,
      status: true,
      subtotalAmount: true,
      shippingAmount: true,
      taxAmount: true,
      discountAmount: true,
      totalAmount: true,
      trackingNumber: true,
      updatedAt: true,
      lines: { select: { sku: true, title: true, quantity: true, unitPriceAmount: true, lineTotalAmount: true }, orderBy: { sku: "asc" as const } },
    },
    orderBy: { tenantId: "asc" as const },
  },
} satisfies Prisma.OrderGroupSelect;

type GroupRow = Prisma.OrderGroupGetPayload<{ select: typeof groupSelect }>;

export interface ShopperOrderGroup {
  id: string;
  status: GroupRow["status"];
  currency: string;
  totalAmount: number;
  createdAt: Date;
  /** The hosted payment page while the payment waits for the shopper; null otherwise. */
  paymentUrl: string | null;
  /** What the provider refunded of the group's payment so far (minor units). */
  refundedAmount: number;
  orders: (GroupRow["orders"][number] & { sellerName: string })[];
}

async function present(db: Db, rows: GroupRow[]): Promise<ShopperOrderGroup[]> {
  if (rows.length === 0) return [];
  const tenantIds = [...new Set(rows.flatMap((g) => g.orders.map((o) => o.tenantId)))];
  const paymentIds = rows.flatMap((g) => (g.paymentId ? [g.paymentId] : []));
  const [tenants, payments] = await asPlatform(db, (tx) =>
    Promise.all([
      tx.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, name: true } }),
      tx.payment.findMany({ where: { id: { in: paymentIds } }, select: { id: true, status: true, nextActionUrl: true, refundedAmount: true } }),
    ]),
  );
  const names = new Map(tenants.map((t) => [t.id, t.name]));
  const byId = new Map(payments.map((p) => [p.id, p]));
  return rows.map((g) => {
    const payment = g.paymentId ? byId.get(g.paymentId) : undefined;
    const waiting = g.status === "PENDING" && payment && (payment.status === "AUTHORIZING" || payment.status === "REQUIRES_ACTION");
    return {
      id: g.id,
      status: g.status,
      currency: g.currency,
      totalAmount: g.totalAmount,
      createdAt: g.createdAt,
      paymentUrl: waiting ? (payment.nextActionUrl ?? null) : null,
      refundedAmount: payment?.refundedAmount ?? 0,
      orders: g.orders.map((o) => ({ ...o, sellerName: names.get(o.tenantId) ?? "Seller" })),
    };
  });
}

export async function listMyOrderGroups(db: Db, userId: string, limit = 50): Promise<ShopperOrderGroup[]> {
  // The shopper's own context: row-level security shows their groups, orders and lines only (20261202120100).
  const rows = await asUser(db, userId, (tx) => tx.orderGroup.findMany({ where: { shopperUserId: userId }, select: groupSelect, orderBy: { createdAt: "desc" }, take: limit }));
  return present(db, rows);
}

export async function getMyOrderGroup(db: Db, userId: string, groupId: string): Promise<ShopperOrderGroup> {
  const row = await asUser(db, userId, (tx) => tx.orderGroup.findFirst({ where: { id: groupId, shopperUserId: userId }, select: groupSelect }));
  if (!row) throw new NotFoundError("order group", { groupId });
  return (await present(db, [row]))[0]!;
}

/**
 * The group behind a signed status link (guests, and anyone the confirmation mail was sent to). A wrong
 * token and an unknown group look the same, so a link cannot be used to probe for group ids.
 */
export async function getOrderGroupByLink(db: Db, groupId: string, token: string): Promise<ShopperOrderGroup> {
  if (!verifyOrderLink(groupId, token)) throw new NotFoundError("order group", { groupId });
  const row = await asPlatform(db, (tx) => tx.orderGroup.findUnique({ where: { id: groupId }, select: groupSelect }));
  if (!row) throw new NotFoundError("order group", { groupId });
  return (await present(db, [row]))[0]!;
}
