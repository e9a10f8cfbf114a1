import type { z } from "zod";
import type { checkSlugSchema, listMyOnboardingRequestsSchema, onboardingStatusSchema, StartOnboardingInput } from "./onboarding.schema";
import { checkSlug, getOnboardingStatus, listOnboardingRequestsOf, requestOnboarding } from "./onboarding.service";
import type { AuthedContext } from "./procedure-context";

export function startOnboardingHandler({ ctx, input }: { ctx: AuthedContext; input: StartOnboardingInput }) {
  return requestOnboarding(ctx.db, ctx.session.userId, input);
}

export function getOnboardingStatusHandler({ ctx, input }: { ctx: AuthedContext; input: z.infer<typeof onboardingStatusSchema> }) {
  return getOnboardingStatus(ctx.db, ctx.session.userId, input.requestId);
}

export function checkSlugHandler({ ctx, input }: { ctx: AuthedContext; input: z.infer<typeof checkSlugSchema> }) {
  return checkSlug(ctx.db, input.slug);
}

export function listMyOnboardingRequestsHandler({ ctx, input }: { ctx: AuthedContext; input: z.infer<typeof listMyOnboardingRequestsSchema> }) {
  return listOnboardingRequestsOf(ctx.db, ctx.session.userId, input.limit);
}
