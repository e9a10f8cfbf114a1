import { z } from "zod";
import { defineEvent } from "./contract";

export const tenantTypeSchema = z.enum(["SELLER_INDIVIDUAL", "SELLER_BUSINESS", "MARKETPLACE", "FRANCHISE"]);
export const planSchema = z.enum(["FREE", "PRO", "ENTERPRISE"]);

/** A tenant row was created during onboarding; the onboarding saga's next step listens for it. */
export const tenantCreatedV1 = defineEvent({
  type: "tenants.tenant.created",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({
    tenantId: z.uuid(),
    slug: z.string().min(1).max(63),
    name: z.string().min(1).max(200),
    type: tenantTypeSchema,
    plan: planSchema,
    ownerUserId: z.uuid(),
  }),
});
