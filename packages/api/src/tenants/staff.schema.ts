import { z } from "zod";

export const tenantRoleSchema = z.enum(["OWNER", "ADMIN", "MANAGER", "STAFF", "VIEWER"]);

export const changeStaffRoleSchema = z.object({
  userId: z.uuid(),
  role: tenantRoleSchema,
});

export const removeStaffSchema = z.object({ userId: z.uuid() });

export const changePlanSchema = z.object({ plan: z.enum(["FREE", "PRO", "ENTERPRISE"]) });

export type ChangeStaffRoleInput = z.infer<typeof changeStaffRoleSchema>;
export type RemoveStaffInput = z.infer<typeof removeStaffSchema>;
export type ChangePlanInput = z.infer<typeof changePlanSchema>;
