import type { AuthedContext, TenantContext } from "./procedure-context";
import { sendInvitationMail } from "./invitation.notifier";
import type { AcceptInvitationInput, InviteStaffInput, RevokeInvitationInput } from "./invitations.schema";
import { acceptInvitation, inviteStaff, listInvitations, revokeInvitation } from "./invitations.service";

// Grouped like staff.handlers.ts: each handler only wires the context into its service call.

const actorOf = (ctx: TenantContext) => ({ userId: ctx.session.userId, role: ctx.tenant.role });

/**
 * The same answer whether or not the address has an account: the invitation, never who owns the address.
 * The mail goes out before the tenant's transaction commits; if the commit then fails, the link names an
 * invitation that does not exist and accepting it is refused like any bad link.
 */
export async function inviteStaffHandler({ ctx, input }: { ctx: TenantContext; input: InviteStaffInput }) {
  const created = await inviteStaff(ctx.db, ctx.tenant.id, actorOf(ctx), input, new Date());
  const inviter = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.session.userId }, select: { name: true } });
  await sendInvitationMail(ctx.rootDb, ctx.logger, ctx.tenant.id, created, inviter.name);
  return created.invitation;
}

export async function listInvitationsHandler({ ctx }: { ctx: TenantContext }) {
  return { invitations: await listInvitations(ctx.db, ctx.tenant.id, new Date()) };
}

export function revokeInvitationHandler({ ctx, input }: { ctx: TenantContext; input: RevokeInvitationInput }) {
  return revokeInvitation(ctx.db, ctx.tenant.id, actorOf(ctx), input.invitationId, new Date());
}

export function acceptInvitationHandler({ ctx, input }: { ctx: AuthedContext; input: AcceptInvitationInput }) {
  return acceptInvitation(ctx.db, ctx.session.userId, input.token, new Date());
}
