import type { Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { DomainError, NotFoundError } from "../errors";
import type { TenantRole } from "../roles";
import { canGrant, canManage } from "./staff-rules";
import { lockActiveTenant } from "./tenant-guard";

// Staff of one tenant (joining is by invitation: invitations.service.ts). Every function takes the tenant's row-level-secured transaction; changes write their
// outbox event in it, which the audit-log consumer records in the tenant's chain.

export interface Actor {
  userId: string;
  role: TenantRole;
}

export interface StaffMember {
  membershipId: string;
  userId: string;
  email: string;
  name: string;
  role: TenantRole;
  joinedAt: Date;
}

function forbidden(message: string, details: Record<string, unknown>) {
  return new DomainError("FORBIDDEN", message, details);
}

export async function listStaff(tx: Tx, tenantId: string): Promise<StaffMember[]> {
  const rows = await tx.membership.findMany({
    where: { tenantId },
    orderBy: { createdAt: "asc" },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  return rows.map((m) => ({ membershipId: m.id, userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role, joinedAt: m.createdAt }));
}

async function memberOrThrow(tx: Tx, tenantId: string, userId: string) {
  const m = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } }, select: { id: true, role: true } });
  if (!m) throw new NotFoundError("member", { userId });
  return m;
}

export async function changeStaffRole(tx: Tx, tenantId: string, actor: Actor, input: { userId: string; role: TenantRole }) {
  await lockActiveTenant(tx, tenantId);
  const member = await memberOrThrow(tx, tenantId, input.userId);
  if (input.userId === actor.userId) throw forbidden("you cannot change your own role", { userId: input.userId });
  if (!canManage(actor.role, member.role)) {
    throw forbidden(`a ${actor.role} cannot change the role of a ${member.role}`, { actorRole: actor.role, memberRole: member.role });
  }
  if (!canGrant(actor.role, input.role)) {
    throw forbidden(`a ${actor.role} can only grant roles below ${actor.role}`, { actorRole: actor.role, role: input.role });
  }
  if (member.role === input.role) return { userId: input.userId, role: input.role, changed: false };
  await tx.membership.update({ where: { id: member.id }, data: { role: input.role } });
  await enqueue(tx, {
    type: "tenants.staff.role-changed",
    version: 1,
    tenantId,
    aggregateId: tenantId,
    payload: { tenantId, userId: input.userId, fromRole: member.role, toRole: input.role, actorId: actor.userId },
  });
  return { userId: input.userId, role: input.role, changed: true };
}

/**
 * Removes a member below the actor's role. An OWNER removing themself is refused while they are the last
 * OWNER: a tenant always keeps someone who can manage it.
 */
export async function removeStaff(tx: Tx, tenantId: string, actor: Actor, input: { userId: string }) {
  await lockActiveTenant(tx, tenantId);
  const member = await memberOrThrow(tx, tenantId, input.userId);
  const self = input.userId === actor.userId;
  if (member.role === "OWNER") {
    const owners = await tx.membership.count({ where: { tenantId, role: "OWNER" } });
    if (owners <= 1) throw new DomainError("PRECONDITION_FAILED", "the last OWNER cannot be removed", { userId: input.userId });
  }
  if (!self && !canManage(actor.role, member.role)) {
    throw forbidden(`a ${actor.role} cannot remove a ${member.role}`, { actorRole: actor.role, memberRole: member.role });
  }
  await tx.membership.delete({ where: { id: member.id } });
  await enqueue(tx, {
    type: "tenants.staff.removed",
    version: 1,
    tenantId,
    aggregateId: tenantId,
    payload: { tenantId, userId: input.userId, role: member.role, actorId: actor.userId },
  });
  return { userId: input.userId, removed: true as const };
}
