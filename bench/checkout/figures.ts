// The checkout benchmark's figures, read from the database after the run: for the groups placed in the
// measured window, place → confirmed (the group's created_at, stamped at the start of the checkout
// transaction, to the saga's updated_at, stamped by the worker when it moved the saga to CONFIRMED); and
// the confirmations that happened inside the window (the sustained rate, whatever was placed when).
import type { Tx } from "../../packages/db/src/index";
import { percentile } from "../search/load";

export interface CheckoutFigures {
  windowSeconds: number;
  placed: number;
  placedPerSec: number;
  confirmedInWindow: number;
  confirmedPerSec: number;
  /** The orders (one per seller) of the groups confirmed inside the window, and their rate. */
  ordersConfirmedInWindow: number;
  ordersConfirmedPerSec: number;
  compensated: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /**
   * What the shopper waits: from the moment the load generator sent the checkout request (before any
   * wait for admission, and the placement itself) to CONFIRMED, p50 / p99, groups placed in the window.
   */
  requestToConfirmed: { p50: number; p99: number; max: number };
  /** Time to each saga move from the one before (the first from placement), p50 and p99, confirmed sagas in the window. */
  steps: { move: string; p50: number; p99: number }[];
  /** Every group of the run, warm-up included: from the first placed to the last confirmed. */
  run: { groups: number; seconds: number; confirmedPerSec: number };
}

/** `sentAt`: when each cart's checkout request was sent (epoch ms), by cart id. */
export async function placeToConfirmed(tx: Tx, from: Date, to: Date, sentAt: ReadonlyMap<string, number>): Promise<CheckoutFigures> {
  const rows = await tx.$queryRaw<{ ms: number; state: string; cart_id: string; done_at: number; history: { at: string; to?: string; note: string }[] }[]>`
    SELECT (extract(epoch FROM s.updated_at - g.created_at) * 1000)::float8 AS ms, s.state::text AS state, s.history, g.cart_id,
           (extract(epoch FROM s.updated_at) * 1000)::float8 AS done_at
      FROM order_groups g JOIN checkout_sagas s ON s.group_id = g.id
     WHERE g.created_at >= ${from} AND g.created_at < ${to}`;
  const [inWindow] = await tx.$queryRaw<{ n: number; orders: number }[]>`
    SELECT count(DISTINCT s.id)::int AS n, count(o.id)::int AS orders
      FROM checkout_sagas s JOIN orders o ON o.group_id = s.group_id
     WHERE s.state = 'CONFIRMED' AND s.updated_at >= ${from} AND s.updated_at < ${to}`;
  const [run] = await tx.$queryRaw<{ groups: number; seconds: number | null }[]>`
    SELECT count(*)::int AS groups, extract(epoch FROM max(s.updated_at) FILTER (WHERE s.state = 'CONFIRMED') - min(g.created_at))::float8 AS seconds
      FROM order_groups g JOIN checkout_sagas s ON s.group_id = g.id`;
  const windowSeconds = (to.getTime() - from.getTime()) / 1_000;
  const confirmed = rows.filter((r) => r.state === "CONFIRMED").map((r) => r.ms).sort((x, y) => x - y);
  const waited = rows
    .filter((r) => r.state === "CONFIRMED" && sentAt.has(r.cart_id))
    .map((r) => r.done_at - sentAt.get(r.cart_id)!)
    .sort((x, y) => x - y);
  const seconds = run?.seconds ?? 0;
  const gaps = new Map<string, number[]>();
  for (const r of rows.filter((x) => x.state === "CONFIRMED")) {
    for (let i = 1; i < r.history.length; i++) {
      const move = r.history[i]!.to ?? r.history[i]!.note;
      const list = gaps.get(move) ?? [];
      list.push(Date.parse(r.history[i]!.at) - Date.parse(r.history[i - 1]!.at));
      gaps.set(move, list);
    }
  }
  const steps = [...gaps].map(([move, list]) => {
    list.sort((x, y) => x - y);
    return { move, p50: percentile(list, 50), p99: percentile(list, 99) };
  });
  return {
    windowSeconds,
    placed: rows.length,
    placedPerSec: rows.length / windowSeconds,
    confirmedInWindow: inWindow?.n ?? 0,
    confirmedPerSec: (inWindow?.n ?? 0) / windowSeconds,
    ordersConfirmedInWindow: inWindow?.orders ?? 0,
    ordersConfirmedPerSec: (inWindow?.orders ?? 0) / windowSeconds,
    compensated: rows.filter((r) => r.state === "COMPENSATED").length,
    p50: percentile(confirmed, 50),
    p90: percentile(confirmed, 90),
    p99: percentile(confirmed, 99),
    max: confirmed.at(-1) ?? 0,
    requestToConfirmed: { p50: percentile(waited, 50), p99: percentile(waited, 99), max: waited.at(-1) ?? 0 },
    steps,
    run: { groups: run?.groups ?? 0, seconds, confirmedPerSec: seconds > 0 ? (run?.groups ?? 0) / seconds : 0 },
  };
}
