import { Prisma, type Tx } from "@bazaar/db";
import { checkLedger } from "../inventory/inventory.service";

// The after-the-fact proof that checkout lost or doubled nothing (bench/checkout runs it after every
// load, `scripts/check-consistency.ts` runs it against any database). Every finding is one row naming
// the group and the rule it breaks; an empty list is the pass. Run in platform context, after the
// sagas have settled (a saga still running is itself a finding).

export interface ConsistencyProblem {
  check: string;
  groupId: string | null;
  detail: string;
}

export interface ConsistencyReport {
  groups: number;
  confirmed: number;
  cancelled: number;
  problems: ConsistencyProblem[];
}

type Row = { rule: string; group_id: string | null; detail: string };

// Each rule is one query returning the groups (or variants, reservations) that break it.
const RULES: Prisma.Sql[] = [
  // Every placed group ended: confirmed with its saga, or cancelled with it compensated.
  Prisma.sql`SELECT 'saga-not-ended' AS rule, g.id::text AS group_id, concat(g.status, ' / ', coalesce(s.state::text, 'no saga'), ' / ', coalesce(s.step::text, '')) AS detail
               FROM order_groups g LEFT JOIN checkout_sagas s ON s.group_id = g.id
              WHERE s.id IS NULL OR NOT ((g.status = 'CONFIRMED' AND s.state = 'CONFIRMED') OR (g.status = 'CANCELLED' AND s.state = 'COMPENSATED'))`,
  // The orders add up to the group, and their statuses follow it.
  Prisma.sql`SELECT 'orders-total' AS rule, g.id::text AS group_id, concat('group ', g.total_amount, ', orders ', coalesce(sum(o.total_amount), 0), ' in ', count(o.id)) AS detail
               FROM order_groups g LEFT JOIN orders o ON o.group_id = g.id
              GROUP BY g.id HAVING count(o.id) = 0 OR sum(o.total_amount) <> g.total_amount`,
  Prisma.sql`SELECT 'order-status' AS rule, g.id::text AS group_id, concat('group ', g.status, ', order ', o.id, ' ', o.status) AS detail
               FROM order_groups g JOIN orders o ON o.group_id = g.id
              WHERE (g.status = 'CONFIRMED' AND o.status = 'PENDING_PAYMENT') OR (g.status = 'CANCELLED' AND o.status <> 'CANCELLED')`,
  // One payment per group, and it is the group's.
  Prisma.sql`SELECT 'payment-count' AS rule, g.id::text AS group_id, concat(count(p.id), ' payments') AS detail
               FROM order_groups g LEFT JOIN payments p ON p.order_group_ref = g.id::text
              GROUP BY g.id, g.status HAVING count(p.id) > 1 OR (g.status = 'CONFIRMED' AND count(p.id) <> 1)`,
  Prisma.sql`SELECT 'payment-link' AS rule, g.id::text AS group_id, concat('payment_id ', coalesce(g.payment_id::text, 'null')) AS detail
               FROM order_groups g JOIN payments p ON p.order_group_ref = g.id::text
              WHERE g.payment_id IS DISTINCT FROM p.id`,
  // Confirmed, every seller capturing at confirmation, nothing cancelled since: captured = total, once.
  Prisma.sql`SELECT 'payment-captured' AS rule, g.id::text AS group_id, concat(p.status, ' captured ', p.captured_amount, ' of ', g.total_amount) AS detail
               FROM order_groups g JOIN payments p ON p.id = g.payment_id
              WHERE g.status = 'CONFIRMED'
                AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.group_id = g.id AND (o.capture_at <> 'CONFIRMATION' OR o.status IN ('CANCELLED', 'PARTIALLY_REFUNDED', 'REFUNDED')))
                AND NOT (p.status = 'CAPTURED' AND p.captured_amount = g.total_amount AND p.refunded_amount = 0)`,
  Prisma.sql`SELECT 'payment-overcaptured' AS rule, g.id::text AS group_id, concat('captured ', p.captured_amount, ', refunded ', p.refunded_amount, ' of ', g.total_amount) AS detail
               FROM order_groups g JOIN payments p ON p.order_group_ref = g.id::text
              WHERE p.captured_amount > g.total_amount OR p.refunded_amount > p.captured_amount`,
  // A cancelled group holds no money.
  Prisma.sql`SELECT 'payment-held' AS rule, g.id::text AS group_id, concat(p.status, ' captured ', p.captured_amount, ' refunded ', p.refunded_amount) AS detail
               FROM order_groups g JOIN payments p ON p.order_group_ref = g.id::text
              WHERE g.status = 'CANCELLED' AND (p.status IN ('AUTHORIZING', 'REQUIRES_ACTION', 'AUTHORIZED') OR p.captured_amount <> p.refunded_amount)`,
  // Each order of a confirmed group sold its own reservation, whose lines are the order's lines.
  Prisma.sql`SELECT 'reservation-state' AS rule, g.id::text AS group_id, concat('order ', o.id, ': ', coalesce(r.status::text, 'no reservation')) AS detail
               FROM order_groups g JOIN orders o ON o.group_id = g.id
               LEFT JOIN stock_reservation_groups r ON r.id = o.reservation_id
              WHERE (g.status = 'CONFIRMED' AND (r.id IS NULL OR r.status <> 'CONSUMED')) OR (g.status = 'CANCELLED' AND r.status IN ('ACTIVE', 'CONSUMED'))`,
  Prisma.sql`WITH ol AS (SELECT order_id, variant_id, sum(quantity)::int AS q FROM order_lines GROUP BY 1, 2),
                  rl AS (SELECT o.id AS order_id, r.variant_id, sum(r.quantity)::int AS q FROM orders o JOIN stock_reservations r ON r.group_id = o.reservation_id GROUP BY 1, 2)
             SELECT 'reservation-lines' AS rule, g.id::text AS group_id, concat('order ', o.id, ' variant ', coalesce(ol.variant_id, rl.variant_id), ': ordered ', coalesce(ol.q, 0), ', reserved ', coalesce(rl.q, 0)) AS detail
               FROM ol FULL JOIN rl ON rl.order_id = ol.order_id AND rl.variant_id = ol.variant_id
               JOIN orders o ON o.id = coalesce(ol.order_id, rl.order_id)
               JOIN order_groups g ON g.id = o.group_id AND g.status = 'CONFIRMED'
              WHERE ol.q IS DISTINCT FROM rl.q`,
  // A reservation is sold once: at most one SALE movement per reservation line.
  Prisma.sql`SELECT 'reservation-sold-twice' AS rule, NULL AS group_id, concat('reservation ', reservation_id, ': ', count(*), ' sales') AS detail
               FROM stock_movements WHERE kind = 'SALE' GROUP BY reservation_id HAVING count(*) > 1`,
  // Stock sold = what confirmed orders ordered, per variant (checkout is the only seller of stock).
  Prisma.sql`WITH sold AS (SELECT variant_id, -sum(on_hand_delta)::int AS q FROM stock_movements WHERE kind = 'SALE' GROUP BY variant_id),
                  ordered AS (SELECT l.variant_id, sum(l.quantity)::int AS q FROM order_lines l JOIN orders o ON o.id = l.order_id
                               JOIN order_groups g ON g.id = o.group_id AND g.status = 'CONFIRMED' GROUP BY l.variant_id)
             SELECT 'stock-sold' AS rule, NULL AS group_id, concat('variant ', coalesce(s.variant_id, o.variant_id), ': sold ', coalesce(s.q, 0), ', ordered ', coalesce(o.q, 0)) AS detail
               FROM sold s FULL JOIN ordered o ON o.variant_id = s.variant_id
              WHERE coalesce(s.q, 0) <> coalesce(o.q, 0)`,
];

const OUTBOX = Prisma.sql`SELECT 'outbox-unpublished' AS rule, NULL AS group_id, concat(count(*), ' rows, oldest ', min(created_at)) AS detail
                            FROM outbox_events WHERE published_at IS NULL HAVING count(*) > 0`;

/**
 * `outbox: false` skips the unpublished-outbox rule (a test without a relay); `limit` caps the
 * findings per rule.
 */
export async function checkCheckoutConsistency(tx: Tx, options: { outbox?: boolean; limit?: number } = {}): Promise<ConsistencyReport> {
  const limit = options.limit ?? 20;
  const rules = options.outbox === false ? RULES : [...RULES, OUTBOX];
  const problems: ConsistencyProblem[] = [];
  for (const rule of rules) {
    const rows = await tx.$queryRaw<Row[]>`SELECT * FROM (${rule}) AS finding LIMIT ${limit}`;
    problems.push(...rows.map((r) => ({ check: r.rule, groupId: r.group_id, detail: r.detail })));
  }
  const ledger = await checkLedger(tx, { limit });
  problems.push(...ledger.mismatches.map((m) => ({ check: "stock-ledger", groupId: null, detail: JSON.stringify(m) })));
  const [counts] = await tx.$queryRaw<{ groups: number; confirmed: number; cancelled: number }[]>`
    SELECT count(*)::int AS groups, count(*) FILTER (WHERE status = 'CONFIRMED')::int AS confirmed, count(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled FROM order_groups`;
  return { ...counts!, problems };
}
