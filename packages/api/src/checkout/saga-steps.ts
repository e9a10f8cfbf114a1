import { asPlatform, type CheckoutSaga, type Db, type OrderGroup, type Tx } from "@bazaar/db";
import { deferOutbox, enqueue } from "@bazaar/events";
import { DomainError } from "../errors";
import { commitReservations, releaseReservation, reserve } from "../inventory/inventory.service";
import { releasePromotion } from "../cart/promotions.service";
import { transitionOrder, transitionReadOrders } from "./order-status";
import type { PaymentView } from "../payments";
import type { PaymentGateway } from "./payment-gateway";
import { advance, lockSaga, type Move, type Resolved } from "./saga-state";

// The saga's steps that change our own tables. Each does all its work and moves the saga row in ONE
// transaction (the row locked first), so a crash leaves either the old step (redo it) or the new one,
// never half a step. Reservations are keyed by saga and order, so a redone RESERVE replays them.

/** The saga with its group, as the runner carries it from step to step. */
export type SagaWithGroup = CheckoutSaga & { group: OrderGroup };

/** The step moved the row itself; this is the row as it wrote it, and the payment as it left it. */
export type Moved = { moved: SagaWithGroup; payment?: PaymentView };

async function ordersOf(tx: Tx, groupId: string) {
  return tx.order.findMany({ where: { groupId }, include: { lines: { orderBy: { variantId: "asc" } } }, orderBy: { tenantId: "asc" } });
}

/** The orders without their lines (a second query), for the steps that settle whole reservations. */
async function ordersOnly(tx: Tx, groupId: string) {
  return tx.order.findMany({ where: { groupId }, orderBy: { tenantId: "asc" } });
}

/**
 * Holds every seller order's stock, or (all-or-nothing across sellers) none and compensates. The
 * payment AUTHORIZE will ask for is opened in the same transaction (`open`), sparing it one of its own.
 * `reserveIn` does it in the caller's transaction (the runner's first read of a saga at RESERVE shares
 * it); a refusal it throws rolls that transaction back and `reserveRefused` turns it into the move.
 */
export function reserveIn(tx: Tx, r: Resolved, saga: SagaWithGroup, open: (tx: Tx) => Promise<PaymentView>): Promise<Moved> {
  // Every seller's reservation event in one outbox statement.
  return deferOutbox(tx, () => reserveAll(tx, r, saga, open));
}

async function reserveAll(tx: Tx, r: Resolved, saga: SagaWithGroup, open: (tx: Tx) => Promise<PaymentView>): Promise<Moved> {
  await lockSaga(tx, saga);
  // Orders in tenant order and lines in variant order: every saga takes stock locks in one order.
  const held: { orderId: string; reservationId: string }[] = [];
  for (const order of await ordersOf(tx, saga.groupId)) {
    const reservation = await reserve(
      tx,
      order.tenantId,
      null,
      {
        idempotencyKey: `saga:${saga.id}:order:${order.id}`,
        reference: `order ${order.id}`,
        ttlSeconds: r.reservationTtlSeconds,
        lines: order.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
      },
      { now: r.now() },
    );
    held.push({ orderId: order.id, reservationId: reservation.id });
  }
  await tx.$executeRaw`
    UPDATE orders o SET reservation_id = u.reservation_id
      FROM unnest(${held.map((h) => h.orderId)}::uuid[], ${held.map((h) => h.reservationId)}::uuid[]) AS u(order_id, reservation_id)
     WHERE o.id = u.order_id`;
  const payment = await open(tx);
  return { moved: { ...(await advance(tx, saga, { step: "AUTHORIZE", note: "stock reserved" }, r)), group: saga.group }, payment };
}

/** Refused stock (or a variant gone since checkout): nothing was held, the transaction rolled back. Null for any other error. */
export function reserveRefused(error: unknown): Move | null {
  if (error instanceof DomainError && (error.code === "CONFLICT" || error.code === "NOT_FOUND")) {
    return { state: "COMPENSATING", step: "RELEASE", note: "stock refused", lastError: String(error.details.reason ?? error.message) };
  }
  return null;
}

export async function reserveStep(db: Db, r: Resolved, saga: SagaWithGroup, open: (tx: Tx) => Promise<PaymentView>): Promise<Moved | Move> {
  try {
    return await asPlatform(db, (tx) => reserveIn(tx, r, saga, open));
  } catch (error) {
    const refused = reserveRefused(error);
    if (refused) return refused;
    throw error;
  }
}

/** Confirmation refused (the reservation expired meanwhile, an order moved): compensate. */
export class ConfirmRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`confirmation refused: ${reason}`);
    this.name = "ConfirmRefusedError";
  }
}

/**
 * CONFIRM's work inside a transaction that holds the saga row at `saga`'s version (locked, or just
 * moved by this transaction): sells the held stock, marks every order PAID, confirms the group and
 * moves the saga on. Throws ConfirmRefusedError (having written things the caller must roll back).
 * `authorized`: the move AUTHORIZE → CONFIRM this transaction also makes (the authorize answer is
 * recorded in it), written with CONFIRM's own move in one UPDATE, and the payment recorded on the group
 * with its status.
 */
export async function confirmIn(tx: Tx, r: Resolved, saga: CheckoutSaga & { group?: OrderGroup }, authorized?: Move): Promise<SagaWithGroup> {
  const orders = await ordersOnly(tx, saga.groupId);
  try {
    // Every seller's reservation and order in one set of statements (decision 0031).
    await commitReservations(tx, null, orders.map((o) => ({ tenantId: o.tenantId, reservationId: o.reservationId! })), { now: r.now() });
    await transitionReadOrders(tx, orders.filter((o) => o.status === "PENDING_PAYMENT"), "PAID");
  } catch (error) {
    if (error instanceof DomainError && error.code === "CONFLICT") throw new ConfirmRefusedError(String(error.details.reason ?? "reservation-expired"));
    throw error;
  }
  // The group's payment is recorded once: a runner that finds one there (its twin's, the same by key) keeps it.
  const paymentId = authorized?.paymentId && !saga.group?.paymentId ? authorized.paymentId : undefined;
  const group = await tx.orderGroup.update({ where: { id: saga.groupId }, data: { status: "CONFIRMED", updatedAt: r.now(), ...(paymentId ? { paymentId } : {}) } });
  await enqueue(tx, {
    type: "orders.order-group.confirmed",
    version: 1,
    tenantId: null,
    aggregateId: group.id,
    payload: { groupId: group.id, sagaId: saga.id, paymentId: group.paymentId!, currency: group.currency, totalAmount: group.totalAmount, orderIds: orders.map((o) => o.id) },
  });
  // One payment pays every seller, so it is captured now only when every seller captures at
  // confirmation; otherwise at the first fulfilment (orders.fulfil).
  const captureNow = orders.every((o) => o.captureAt === "CONFIRMATION");
  const confirmed: Move = captureNow ? { step: "CAPTURE", note: "orders confirmed" } : { state: "CONFIRMED", step: "DONE", note: "orders confirmed; capture at fulfilment" };
  const moved = authorized ? await advance(tx, saga, authorized, r, confirmed) : await advance(tx, saga, confirmed, r);
  return { ...moved, group };
}

export const confirmRefused = (error: ConfirmRefusedError): Move => ({ state: "COMPENSATING", step: "VOID", note: "reservation lost", lastError: error.reason });

/** Sells the held stock and marks every order PAID; a reservation that expired meanwhile compensates. */
export async function confirmStep(db: Db, r: Resolved, saga: CheckoutSaga): Promise<Moved | Move> {
  try {
    return {
      moved: await asPlatform(db, async (tx) => {
        await lockSaga(tx, saga);
        return confirmIn(tx, r, saga);
      }),
    };
  } catch (error) {
    if (error instanceof ConfirmRefusedError) return confirmRefused(error);
    throw error;
  }
}

/** Voids the authorization or refunds the capture, whichever the payment reached. */
export async function cancelStep(db: Db, payments: PaymentGateway, saga: CheckoutSaga): Promise<void> {
  const group = await asPlatform(db, (tx) => tx.orderGroup.findUniqueOrThrow({ where: { id: saga.groupId } }));
  if (group.paymentId) await payments.cancel(group.paymentId, `saga:${saga.id}:cancel`);
}

/** Gives the stock back and cancels every order: the saga's compensated end. */
export async function releaseStep(db: Db, r: Resolved, saga: CheckoutSaga): Promise<Moved> {
  return asPlatform(db, async (tx) => {
    await lockSaga(tx, saga);
    const orders = await ordersOnly(tx, saga.groupId);
    for (const order of orders) {
      if (order.reservationId) await releaseReservation(tx, order.tenantId, null, order.reservationId, { now: r.now() });
      if (order.status !== "CANCELLED") await transitionOrder(tx, order.id, "CANCELLED");
    }
    const group = await tx.orderGroup.update({ where: { id: saga.groupId }, data: { status: "CANCELLED", updatedAt: r.now() } });
    // The coupon redemption goes back with the stock; once, since this transaction ends the saga.
    if (group.promotionId) await releasePromotion(tx, group.promotionId, group.customerKey);
    await enqueue(tx, {
      type: "orders.order-group.cancelled",
      version: 1,
      tenantId: null,
      aggregateId: saga.groupId,
      payload: { groupId: saga.groupId, sagaId: saga.id, reason: (saga.lastError ?? "compensated").slice(0, 500), orderIds: orders.map((o) => o.id) },
    });
    return { moved: { ...(await advance(tx, saga, { state: "COMPENSATED", step: "DONE", note: "stock released, orders cancelled" }, r)), group } };
  });
}
