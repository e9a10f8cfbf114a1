// Fixtures for the ledger's integration tests: order groups with one PAID order per seller (written as
// the platform, as checkout would), the capture event's payload, and the zero-sum check.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asPlatform, type Db, type OrderStatus } from "@bazaar/db";
import type { PayloadOf } from "@bazaar/events";
import { SandboxProvider } from "@bazaar/payments";
import { startSandboxProcess, TEST_WEBHOOK_SECRET, type SandboxProcess } from "@bazaar/payments/testing";
import { trialBalance } from "./ledger.service";

export interface SellerShare {
  tenantId: string;
  total: number;
  commission: number;
  discount?: number;
  fundedBy?: "PLATFORM" | "SELLER";
  captureAt?: "CONFIRMATION" | "FULFILMENT";
  currency?: string;
}

/** A seller; with a sandbox payout destination unless told otherwise (`null`: none, its balance accrues). */
export async function makeTenant(db: Db, label: string, payoutDestination: string | null = `acct_sandbox_${label.replaceAll("-", "_")}`): Promise<string> {
  const slug = `${label}-${crypto.randomUUID().slice(0, 8)}`;
  return asPlatform(db, async (tx) => {
    const tenant = await tx.tenant.create({ data: { slug, name: label, type: "SELLER_BUSINESS" } });
    if (payoutDestination) await tx.sellerPayoutAccount.create({ data: { tenantId: tenant.id, provider: "sandbox", destination: payoutDestination } });
    return tenant.id;
  });
}

/** An order group with one order per share, each `status` (PAID unless said). */
export async function makeGroup(db: Db, shares: SellerShare[], status: OrderStatus = "PAID"): Promise<{ groupId: string; orderIds: string[]; total: number }> {
  const groupId = crypto.randomUUID();
  const currency = shares[0]?.currency ?? "EUR";
  const total = shares.reduce((s, x) => s + x.total, 0);
  const orderIds = shares.map(() => crypto.randomUUID());
  await asPlatform(db, async (tx) => {
    await tx.orderGroup.create({ data: { id: groupId, idempotencyKey: `ledger-${groupId}`, cartId: "c", email: "s@x.test", shippingAddress: {}, currency, totalAmount: Math.max(total, 1), status: "CONFIRMED" } });
    for (const [i, s] of shares.entries()) {
      await tx.order.create({
        data: {
          id: orderIds[i]!, tenantId: s.tenantId, groupId, status, currency: s.currency ?? currency, subtotalAmount: s.total, shippingAmount: 0, taxAmount: 0, totalAmount: s.total,
          pricesIncludeTax: true, shippingRateCode: "std", commissionPlan: "FREE", commissionBps: 1_500, commissionAmount: s.commission, captureAt: s.captureAt ?? "CONFIRMATION",
          discountAmount: s.discount ?? 0, discountFundedBy: s.discount ? (s.fundedBy ?? "PLATFORM") : null,
        },
      });
    }
  });
  return { groupId, orderIds, total };
}

export function captured(groupId: string, amount: number, currency = "EUR"): PayloadOf<"payments.payment.captured"> {
  return {
    paymentId: crypto.randomUUID(), provider: "sandbox", providerPaymentId: `pi_${groupId.slice(0, 8)}`, orderGroupRef: groupId, amount: Math.max(amount, 1), currency,
    status: "CAPTURED", capturedAmount: amount, refundedAmount: 0, version: 3,
  };
}

/** Per currency, the sum of every line: zero when the books balance. */
export async function ledgerSums(db: Db): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  for (const row of await asPlatform(db, (tx) => trialBalance(tx))) sums[row.currency] = (sums[row.currency] ?? 0) + row.balance;
  return sums;
}

/** A seller's balance as the seller sees it: what the platform owes them (credit balance, positive). */
export async function owed(db: Db, tenantId: string, currency = "EUR"): Promise<number> {
  const rows = await asPlatform(db, (tx) =>
    tx.ledgerLine.aggregate({ _sum: { amount: true }, where: { tenantId, currency, account: { code: "SELLER_PAYABLE" } } }),
  );
  return 0 - (rows._sum.amount ?? 0);
}

export interface SandboxHandle {
  sandbox: SandboxProcess;
  provider: SandboxProvider;
  close(): Promise<void>;
}

export async function startSandbox(label: string): Promise<SandboxHandle> {
  const dir = mkdtempSync(join(tmpdir(), `ledger-${label}-`));
  const sandbox = await startSandboxProcess({ dbPath: join(dir, "sandbox.sqlite"), webhookUrl: "http://127.0.0.1:9/unused" });
  const provider = new SandboxProvider({ baseUrl: sandbox.url, webhookSecret: TEST_WEBHOOK_SECRET });
  return {
    sandbox,
    provider,
    async close() {
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For the admin e2e spec: two sales of the tenant `slug` captured, paid out by a real payout run (the
 * sandbox as its own process, the run's clock past the hold period), then a refund after the payout —
 * a seller with entries of every common kind, one PAID payout and a negative balance.
 */
export async function seedSellerLedger(databaseUrl: string, slug: string): Promise<{ tenantId: string; payoutAmount: number; balance: number }> {
  const { createDb } = await import("@bazaar/db");
  const { postCapture, postRefund } = await import("./ledger-postings.service");
  const { runPayouts } = await import("./payouts.service");
  const db = createDb({ url: databaseUrl, poolSize: 2, applicationName: "ledger-e2e-seed" });
  const pay = await startSandbox("e2e");
  try {
    const tenantId = await asPlatform(db, async (tx) => {
      const id = (await tx.tenant.findUniqueOrThrow({ where: { slug } })).id;
      // Payouts go only to sellers with a destination (decision 0028).
      await tx.sellerPayoutAccount.upsert({ where: { tenantId_provider: { tenantId: id, provider: "sandbox" } }, create: { tenantId: id, provider: "sandbox", destination: `acct_sandbox_${slug.replaceAll("-", "_")}` }, update: {} });
      return id;
    });
    const groups = [await makeGroup(db, [{ tenantId, total: 12_000, commission: 1_200 }]), await makeGroup(db, [{ tenantId, total: 3_000, commission: 300 }])];
    for (const g of groups) await asPlatform(db, (tx) => postCapture(tx, captured(g.groupId, g.total)));
    await runPayouts({ db, provider: pay.provider, holdSeconds: 7 * 86_400, periodSeconds: 86_400, now: () => new Date(Date.now() + 8 * 86_400_000) });
    const g = groups[1]!;
    await asPlatform(db, (tx) =>
      postRefund(tx, { groupId: g.groupId, orderId: g.orderIds[0]!, tenantId, refundId: crypto.randomUUID(), amount: 3_000, refundedTotal: 3_000, full: true, currency: "EUR", reason: "returned", actorId: tenantId }),
    );
    return { tenantId, payoutAmount: 10_800 + 2_700, balance: -2_700 };
  } finally {
    await pay.close();
    await db.$disconnect();
  }
}
