import { randomBytes } from "node:crypto";
import { asPlatform, type Db, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { ConflictError, DomainError, EmailNotVerifiedError, NotFoundError } from "../errors";
import { tokenDigest } from "../identity/identity.crypto";
import { PlanLimitError } from "../plans/plan-limit.error";
import { countStaffSeats } from "../plans/plan-usage.service";
import { fitsLimit, PLANS } from "../plans/plans";
import type { TenantRole } from "../roles";
import type { Actor } from "./staff.service";
import { canGrant } from "./staff-rules";
import { lockActiveTenant, type LockedTenant } from "./tenant-guard";

// Staff join a tenant only by accepting an invitation from a signed-in account whose email is verified
// and is the invited address (docs/decisions/0006-unverified-accounts-and-recovery.md). Inviting never
// looks the address up, so the answer (and the work done) is the same whether or not it has an account.

export const INVITATION_TTL_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface InvitationView {
  invitationId: string;
  email: string;
  role: TenantRole;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  expired: boolean;
}

const openKeyOf = (tenantId: string, email: string) => `${tenantId}:${email}`;

type InvitationRow = { id: string; email: string; role: TenantRole; invitedBy: string; createdAt: Date; expiresAt: Date };

function view(row: InvitationRow, now: Date): InvitationView {
  return { invitationId: row.id, email: row.email, role: row.role, invitedBy: row.invitedBy, createdAt: row.createdAt, expiresAt: row.expiresAt, expired: row.expiresAt <= now };
}

/** Members plus unexpired open invitations: an invitation holds its seat until it ends. */
async function seatsTaken(tx: Tx, tenantId: string, now: Date, exceptInvitationId?: string): Promise<number> {
  const members = await countStaffSeats(tx, tenantId);
  const open = await tx.staffInvitation.count({
    where: { tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now }, ...(exceptInvitationId ? { id: { not: exceptInvitationId } } : {}) },
  });
  return members + open;
}

function assertSeat(tenant: LockedTenant, used: number): void {
  const limit = PLANS[tenant.plan].limits.staffSeats;
  if (!fitsLimit(limit, used, 1)) throw new PlanLimitError([{ resource: "staffSeats", plan: tenant.plan, limit, used }]);
}

export interface CreatedInvitation {
  invitation: InvitationView;
  /** The link's secret: mailed to the address, never stored (only its SHA-256) and never returned to the inviter. */
  token: string;
  tenantName: string;
}

/**
 * Invites `email` with `role` (strictly below the actor's), holding a staff seat. Inviting an address that
 * already has an open invitation replaces it (the old link stops working).
 */
export async function inviteStaff(tx: Tx, tenantId: string, actor: Actor, input: { email: string; role: TenantRole }, now: Date): Promise<CreatedInvitation> {
  if (!canGrant(actor.role, input.role)) {
    throw new DomainError("FORBIDDEN", `a ${actor.role} can only grant roles below ${actor.role}`, { actorRole: actor.role, role: input.role });
  }
  const tenant = await lockActiveTenant(tx, tenantId);
  const email = input.email.trim().toLowerCase();
  // The staff list shows members' addresses already, so refusing one reveals nothing new.
  const member = await tx.membership.findFirst({ where: { tenantId, user: { email } }, select: { userId: true, role: true } });
  if (member) throw new ConflictError("already a member of this tenant", { userId: member.userId, role: member.role });

  const previous = await tx.staffInvitation.findUnique({ where: { openKey: openKeyOf(tenantId, email) }, select: { id: true } });
  assertSeat(tenant, await seatsTaken(tx, tenantId, now, previous?.id));
  if (previous) {
    await tx.staffInvitation.update({ where: { id: previous.id }, data: { revokedAt: now, revokedBy: actor.userId, openKey: null } });
  }
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * DAY_MS);
  const row = await tx.staffInvitation.create({
    data: { tenantId, email, role: input.role, tokenHash: tokenDigest(token), invitedBy: actor.userId, expiresAt, openKey: openKeyOf(tenantId, email), createdAt: now },
  });
  await enqueue(tx, {
    type: "tenants.invitation.created",
    version: 1,
    tenantId,
    aggregateId: tenantId,
    payload: { invitationId: row.id, tenantId, email, role: input.role, actorId: actor.userId, expiresAt: expiresAt.toISOString(), replacedInvitationId: previous?.id ?? null },
  });
  const { name } = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
  return { invitation: view(row, now), token, tenantName: name };
}

/** Open invitations of the tenant (expired ones included, flagged), newest first. */
export async function listInvitations(tx: Tx, tenantId: string, now: Date): Promise<InvitationView[]> {
  const rows = await tx.staffInvitation.findMany({
    where: { tenantId, acceptedAt: null, revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, email: true, role: true, invitedBy: true, createdAt: true, expiresAt: true },
  });
  return rows.map((r) => view(r, now));
}

/** Ends an open invitation of a role below the actor's; its link stops working. */
export async function revokeInvitation(tx: Tx, tenantId: string, actor: Actor, invitationId: string, now: Date) {
  await lockActiveTenant(tx, tenantId);
  const row = await tx.staffInvitation.findFirst({ where: { id: invitationId, tenantId, acceptedAt: null, revokedAt: null }, select: { id: true, email: true, role: true } });
  if (!row) throw new NotFoundError("open invitation", { invitationId });
  if (!canGrant(actor.role, row.role)) {
    throw new DomainError("FORBIDDEN", `a ${actor.role} cannot revoke an invitation as ${row.role}`, { actorRole: actor.role, role: row.role });
  }
  await tx.staffInvitation.update({ where: { id: row.id }, data: { revokedAt: now, revokedBy: actor.userId, openKey: null } });
  await enqueue(tx, {
    type: "tenants.invitation.revoked",
    version: 1,
    tenantId,
    aggregateId: tenantId,
    payload: { invitationId: row.id, tenantId, email: row.email, role: row.role, actorId: actor.userId },
  });
  return { invitationId: row.id, revoked: true as const };
}

const INVALID_INVITATION = "invitation not found, already used, revoked or expired";

/**
 * Makes the signed-in user a member with the invitation's role. Only a verified account whose email is
 * the invited address may accept; the seat is checked again under the tenant lock (the plan may have
 * changed since). Platform context: the token names the tenant, which is unknown until it is looked up.
 */
export async function acceptInvitation(db: Db, userId: string, token: string, now: Date) {
  return asPlatform(db, async (tx) => {
    const row = await tx.staffInvitation.findUnique({ where: { tokenHash: tokenDigest(token) } });
    if (!row || row.acceptedAt || row.revokedAt || row.expiresAt <= now) throw new DomainError("NOT_FOUND", INVALID_INVITATION);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, status: true, deletedAt: true, emailVerifiedAt: true } });
    if (!user || user.status !== "ACTIVE" || user.deletedAt) throw new DomainError("FORBIDDEN", "this account cannot join a tenant");
    if (!user.emailVerifiedAt) throw new EmailNotVerifiedError();
    if (user.email !== row.email) {
      throw new DomainError("FORBIDDEN", "this invitation was sent to another email address; sign in with that address", { reason: "email-mismatch" });
    }
    const tenant = await lockActiveTenant(tx, row.tenantId);
    const existing = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId: row.tenantId, userId } }, select: { role: true } });
    if (existing) throw new ConflictError("already a member of this tenant", { role: existing.role });
    // This invitation's own seat is being turned into a membership, so it is not counted twice.
    assertSeat(tenant, await seatsTaken(tx, row.tenantId, now, row.id));
    const claimed = await tx.staffInvitation.updateMany({
      where: { id: row.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: now, acceptedBy: userId, openKey: null },
    });
    if (claimed.count !== 1) throw new DomainError("NOT_FOUND", INVALID_INVITATION);
    const membership = await tx.membership.create({ data: { tenantId: row.tenantId, userId, role: row.role, createdAt: now } });
    const base = { tenantId: row.tenantId, aggregateId: row.tenantId, version: 1 as const };
    await enqueue(tx, {
      ...base,
      type: "tenants.invitation.accepted",
      payload: { invitationId: row.id, tenantId: row.tenantId, email: row.email, role: row.role, actorId: userId, membershipId: membership.id },
    });
    await enqueue(tx, {
      ...base,
      type: "tenants.staff.added",
      payload: { tenantId: row.tenantId, userId, membershipId: membership.id, role: row.role, actorId: row.invitedBy },
    });
    const { name, slug } = await tx.tenant.findUniqueOrThrow({ where: { id: row.tenantId }, select: { name: true, slug: true } });
    return { tenantId: row.tenantId, tenantName: name, tenantSlug: slug, role: row.role, membershipId: membership.id };
  });
}
