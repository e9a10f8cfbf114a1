import type { LedgerAccountCode, LedgerEntryKind, Tx } from "@bazaar/db";
import { balanced, type PostingLine } from "./ledger-math";

// The only writer of ledger_accounts, ledger_entries and ledger_lines (docs/decisions/0020). A posting
// is one entry and its lines in the caller's transaction; its `sourceKey` (the event or payout it comes
// from) is unique, so a replayed event, a retried job or two racing consumers post it exactly once, with
// or without the inbox in front. Call it in platform context: an entry touches platform accounts.

export interface Posting {
  tenantId: string;
  kind: LedgerEntryKind;
  sourceKey: string;
  currency: string;
  orderId?: string | null;
  payoutId?: string | null;
  memo: string;
  lines: PostingLine[];
  postedAt?: Date;
}

/** The account's id, created on first use (one per seller, code and currency; the platform's have no tenant). */
export async function accountId(tx: Tx, tenantId: string, code: LedgerAccountCode, currency: string): Promise<string> {
  const owner = code === "SELLER_PAYABLE" ? tenantId : null;
  // ON CONFLICT DO NOTHING covers both unique indexes (seller accounts and the platform's partial one).
  await tx.$executeRaw`
    INSERT INTO ledger_accounts (id, tenant_id, code, currency)
    VALUES (gen_random_uuid(), ${owner}::uuid, ${code}::"LedgerAccountCode", ${currency})
    ON CONFLICT DO NOTHING`;
  const found = await tx.ledgerAccount.findFirst({ where: { tenantId: owner, code, currency }, select: { id: true } });
  return found!.id;
}

/** Posts once: `null` when an entry with this source key exists already (nothing is written then). */
export async function post(tx: Tx, p: Posting): Promise<string | null> {
  const lines = balanced(p.lines);
  const [entry] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO ledger_entries (id, tenant_id, kind, source_key, currency, order_id, payout_id, memo, posted_at)
    VALUES (gen_random_uuid(), ${p.tenantId}::uuid, ${p.kind}::"LedgerEntryKind", ${p.sourceKey}, ${p.currency},
            ${p.orderId ?? null}::uuid, ${p.payoutId ?? null}::uuid, ${p.memo.slice(0, 500)}, ${p.postedAt ?? new Date()})
    ON CONFLICT (source_key) DO NOTHING
    RETURNING id::text`;
  if (!entry) return null;
  for (const line of lines) {
    const account = await accountId(tx, p.tenantId, line.code, p.currency);
    await tx.ledgerLine.create({ data: { entryId: entry.id, tenantId: p.tenantId, accountId: account, currency: p.currency, amount: line.amount } });
  }
  return entry.id;
}

/** Whether a posting with this source key exists. */
export async function posted(tx: Tx, sourceKey: string): Promise<boolean> {
  return (await tx.ledgerEntry.count({ where: { sourceKey } })) > 0;
}

/**
 * Locks a seller's account in `currency` for the rest of the transaction (created if missing): the
 * payout run and every posting that must see a consistent balance take it first.
 */
export async function lockSellerAccount(tx: Tx, tenantId: string, currency: string): Promise<string> {
  const id = await accountId(tx, tenantId, "SELLER_PAYABLE", currency);
  // An advisory lock, not FOR UPDATE: the runtime role has no UPDATE privilege on the append-only ledger.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ledger-account:${id}`}, 0))`;
  return id;
}

/** Every account's balance (debit-positive) per code and currency, over every line `tx` can see. */
export async function trialBalance(tx: Tx): Promise<{ code: LedgerAccountCode; currency: string; balance: number }[]> {
  const rows = await tx.$queryRaw<{ code: LedgerAccountCode; currency: string; balance: bigint }[]>`
    SELECT a.code, a.currency, COALESCE(sum(l.amount), 0)::bigint AS balance
      FROM ledger_accounts a LEFT JOIN ledger_lines l ON l.account_id = a.id
     GROUP BY a.code, a.currency ORDER BY a.currency, a.code`;
  return rows.map((r) => ({ code: r.code, currency: r.currency, balance: Number(r.balance) }));
}

/**
 * What may be paid out now from a seller's account: every debit (refunds, earlier payouts) counts at
 * once, a credit only once it is older than the cutoff, except money returned by a failed payout (it
 * was held already). Negative when refunds after a payout exceed the new sales: nothing is paid then,
 * and the next payout nets it.
 */
export async function availableBalance(tx: Tx, accountId: string, cutoff: Date): Promise<number> {
  const [row] = await tx.$queryRaw<{ available: bigint }[]>`
    SELECT COALESCE(-sum(l.amount), 0)::bigint AS available
      FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id
     WHERE l.account_id = ${accountId}::uuid
       AND (l.amount > 0 OR e.posted_at <= ${cutoff} OR e.kind = 'PAYOUT_RETURNED')`;
  return Number(row!.available);
}
