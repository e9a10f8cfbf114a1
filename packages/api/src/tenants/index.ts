// `@bazaar/api/tenancy`: the tenancy domain's service for processes outside the API (the onboarding
// saga's workers, scripts). Server-only.
export { PLANS, PLAN_NAMES, planDefinition, fitsLimit, commissionOf, type PlanDefinition, type Limit, type LimitedResource } from "../plans/plans";
export { tenantUsage, type TenantUsage } from "../plans/plan-usage.service";
export { countProducts } from "../catalog/products.service";
export { PlanLimitError, type LimitDetail } from "../plans/plan-limit.error";
export { requestOnboardingInTx, onboardingStatusView, SIGNUP_ONBOARDING_WINDOW_MS, type OnboardingStatusView } from "./onboarding.service";
export { provisionTenantStep, type ProvisionOutcome, type ProvisioningFailureReason } from "./onboarding-saga/provision-tenant.step";
export { linkOwnerStep, type LinkOutcome } from "./onboarding-saga/link-owner.step";
export { welcomeMailFor, completeOnboardingStep, type WelcomeMail } from "./onboarding-saga/complete-onboarding.step";
export { rollBackUserStep, type RollbackOutcome } from "./onboarding-saga/roll-back-user.step";
export { markSessionsRevoked } from "../identity/sessions.service";
