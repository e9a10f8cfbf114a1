import { z } from "zod";
import { tenantRoleSchema } from "./staff.schema";

export const inviteStaffSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email("a valid email address")),
  role: tenantRoleSchema,
});

export const revokeInvitationSchema = z.object({ invitationId: z.uuid() });

export const acceptInvitationSchema = z.object({
  token: z.string().min(32).max(64).regex(/^[A-Za-z0-9_-]+$/, "an invitation token"),
});

export type InviteStaffInput = z.infer<typeof inviteStaffSchema>;
export type RevokeInvitationInput = z.infer<typeof revokeInvitationSchema>;
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;
