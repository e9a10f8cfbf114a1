import type { Tx } from "@bazaar/db";
import { appendAuditEntry } from "../audit/audit-log.service";
import type { SetPayoutDestinationInput } from "./payout-destination.schema";

// A seller's payout destination per provider (`seller_payout_accounts`, tenant-owned under RLS), set by
// the tenant's OWNER and audited in the tenant's chain (decision 0028). The payout run pays only sellers
// with a destination at the installation's provider; the others' balances accrue until they set one.

export interface PayoutDestinationView {
  provider: string;
  destination: string;
  updatedAt: Date;
}

/** The header tenant's destinations (`tx`: its RLS transaction), one per provider. */
export async function payoutDestinations(tx: Tx): Promise<PayoutDestinationView[]> {
  return tx.sellerPayoutAccount.findMany({ orderBy: { provider: "asc" }, select: { provider: true, destination: true, updatedAt: true } });
}

export async function setPayoutDestination(tx: Tx, actor: { tenantId: string; actorId: string }, input: SetPayoutDestinationInput): Promise<PayoutDestinationView> {
  // Locked (when it exists) so two owners saving at once each audit what they replaced; one atomic
  // upsert, so two first saves at once cannot collide on the key.
  const [previous] = await tx.$queryRaw<{ destination: string }[]>`
    SELECT destination FROM seller_payout_accounts WHERE tenant_id = ${actor.tenantId}::uuid AND provider = ${input.provider} FOR UPDATE`;
  const [row] = await tx.$queryRaw<PayoutDestinationView[]>`
    INSERT INTO seller_payout_accounts (tenant_id, provider, destination, created_at, updated_at)
    VALUES (${actor.tenantId}::uuid, ${input.provider}, ${input.destination}, now(), now())
    ON CONFLICT (tenant_id, provider) DO UPDATE SET destination = EXCLUDED.destination, updated_at = now()
    RETURNING provider, destination, updated_at AS "updatedAt"`;
  await appendAuditEntry(tx, {
    tenantId: actor.tenantId,
    actorId: actor.actorId,
    action: previous ? "payouts.destination.updated" : "payouts.destination.created",
    entityType: "payout-destination",
    entityId: input.provider,
    data: { provider: input.provider, destination: input.destination, previousDestination: previous?.destination ?? null },
    eventId: null,
  });
  return row!;
}
