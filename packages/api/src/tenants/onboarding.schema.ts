import { z } from "zod";
import { text } from "../validation/text.schema";
import { slugSchema } from "./slug";

export const tenantTypeSchema = z.enum(["SELLER_INDIVIDUAL", "SELLER_BUSINESS", "MARKETPLACE", "FRANCHISE"]);
export const planSchema = z.enum(["FREE", "PRO", "ENTERPRISE"]);

export const startOnboardingSchema = z.object({
  name: text({ max: 200 }),
  /** Default: derived from `name`. Availability is decided by the provisioner (see onboarding.service.ts). */
  slug: slugSchema.optional(),
  type: tenantTypeSchema,
  plan: planSchema,
});

export const onboardingStatusSchema = z.object({ requestId: z.uuid() });
export const checkSlugSchema = z.object({ slug: slugSchema });
/** Newest first; the default fits a page, the cap keeps one call cheap. */
export const listMyOnboardingRequestsSchema = z.object({ limit: z.int().min(1).max(50).default(20) }).default({ limit: 20 });

export type StartOnboardingInput = z.infer<typeof startOnboardingSchema>;
