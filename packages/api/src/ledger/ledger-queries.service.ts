import { asPlatform, type Db, type LedgerEntryKind, type Prisma, type Tx } from "@bazaar/db";
import { decodeCursor, pageOf, type Page } from "../catalog/cursor";
import { DomainError, NotFoundError } from "../errors";
import { availableBalance, trialBalance } from "./ledger.service";
import type { ListEntriesInput, ListPayoutsInput } from "./ledger.schema";

// What the seller dashboard and the ops console read (imported by the app router, which the Next apps
// bundle: nothing here may pull in @bazaar/payments, whose env module reads the file system). Tenant reads take the tenant's transaction (RLS
// scopes every row to the seller; the platform's accounts are invisible there), so the seller sees the
// amount each entry moved on their own account and nothing of the platform's side.

export interface SellerBalance {
  currency: string;
  /** What the platform owes the seller now (negative after a refund that followed a payout). */
  balance: number;
  /** What the next payout would pay: credits past the hold period, every debit. */
  available: number;
  /** On its way in payouts not yet settled. */
  inTransit: number;
}

export async function sellerBalances(tx: Tx, holdSeconds: number, now = new Date()): Promise<SellerBalance[]> {
  const accounts = await tx.ledgerAccount.findMany({ where: { code: "SELLER_PAYABLE" }, orderBy: { currency: "asc" } });
  const cutoff = new Date(now.getTime() - holdSeconds * 1000);
  const out: SellerBalance[] = [];
  for (const a of accounts) {
    const sum = await tx.ledgerLine.aggregate({ _sum: { amount: true }, where: { accountId: a.id } });
    const transit = await tx.payout.aggregate({ _sum: { amount: true }, where: { tenantId: a.tenantId!, currency: a.currency, status: { in: ["PENDING", "SENT"] } } });
    out.push({ currency: a.currency, balance: 0 - (sum._sum.amount ?? 0), available: Math.max(0, await availableBalance(tx, a.id, cutoff)), inTransit: transit._sum.amount ?? 0 });
  }
  return out;
}

export interface EntryView {
  id: string;
  kind: LedgerEntryKind;
  currency: string;
  /** The change to what the seller is owed: positive for a sale, negative for a refund or payout. */
  amount: number;
  orderId: string | null;
  payoutId: string | null;
  memo: string;
  postedAt: Date;
}

const keyset = (cursor: string | undefined, field: "postedAt" | "createdAt") => {
  if (!cursor) return {};
  const { k, id } = decodeCursor(cursor);
  const at = new Date(k);
  if (Number.isNaN(at.getTime())) throw new DomainError("BAD_REQUEST", "invalid cursor: pass the nextCursor of the previous page", { cursor });
  return { OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: id } }] };
};

export async function listEntries(tx: Tx, input: ListEntriesInput): Promise<Page<EntryView>> {
  const where: Prisma.LedgerEntryWhereInput = {
    ...(input.currency ? { currency: input.currency } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.orderId ? { orderId: input.orderId } : {}),
    ...(input.from || input.to ? { postedAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } } : {}),
    ...keyset(input.cursor, "postedAt"),
  };
  const rows = await tx.ledgerEntry.findMany({
    where,
    orderBy: [{ postedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    include: { lines: { where: { account: { code: "SELLER_PAYABLE" } }, select: { amount: true } } },
  });
  return pageOf(rows, input.limit, (r) => r.postedAt.toISOString(), (r) => ({
    id: r.id,
    kind: r.kind,
    currency: r.currency,
    amount: 0 - r.lines.reduce((s, l) => s + l.amount, 0),
    orderId: r.orderId,
    payoutId: r.payoutId,
    memo: r.memo,
    postedAt: r.postedAt,
  }));
}

const payoutView = {
  id: true, currency: true, amount: true, status: true, periodStart: true, cutoff: true, provider: true, destination: true, transferId: true, failureCode: true, createdAt: true, updatedAt: true,
} as const;

export async function listPayouts(tx: Tx, input: ListPayoutsInput) {
  const rows = await tx.payout.findMany({
    where: { ...(input.currency ? { currency: input.currency } : {}), ...(input.status ? { status: input.status } : {}), ...keyset(input.cursor, "createdAt") },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: payoutView,
  });
  return pageOf(rows, input.limit, (r) => r.createdAt.toISOString(), (r) => r);
}

export async function getPayout(tx: Tx, payoutId: string) {
  const payout = await tx.payout.findUnique({ where: { id: payoutId }, select: payoutView });
  if (!payout) throw new NotFoundError("payout", { payoutId });
  const entries = await tx.ledgerEntry.findMany({ where: { payoutId }, orderBy: { postedAt: "asc" }, select: { id: true, kind: true, postedAt: true } });
  return { ...payout, entries };
}

/** The ops console's view: every account's balance per currency (summing to zero), and payouts by status. */
export async function platformTotals(db: Db, currency?: string) {
  return asPlatform(db, async (tx) => {
    const accounts = (await trialBalance(tx)).filter((a) => !currency || a.currency === currency);
    const byCurrency = new Map<string, { currency: string; accounts: { code: string; balance: number }[]; sum: number }>();
    for (const a of accounts) {
      const c = byCurrency.get(a.currency) ?? { currency: a.currency, accounts: [], sum: 0 };
      c.accounts.push({ code: a.code, balance: a.balance });
      c.sum += a.balance;
      byCurrency.set(a.currency, c);
    }
    const payouts = await tx.payout.groupBy({ by: ["currency", "status"], where: currency ? { currency } : {}, _count: { _all: true }, _sum: { amount: true }, orderBy: [{ currency: "asc" }, { status: "asc" }] });
    return {
      currencies: [...byCurrency.values()],
      payouts: payouts.map((p) => ({ currency: p.currency, status: p.status, count: p._count._all, amount: p._sum.amount ?? 0 })),
    };
  });
}
