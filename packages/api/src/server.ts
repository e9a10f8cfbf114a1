// Server-side entry (`@bazaar/api/server`): never import from client code.
export { appRouter, createCaller, type AppRouter } from "./root";
export { createTRPCContext, type CreateContextOptions, type TRPCContext } from "./trpc";
export { createApiServer, type ApiServer, type ApiServerOptions } from "./http/api-server";
export { anonymousResolver, type Session, type SessionResolver } from "./session";
export { DomainError, NotFoundError, ConflictError, toTRPCError, type DomainErrorCode } from "./errors";
export { tenantRoleAtLeast, platformRoleAtLeast, TENANT_ROLES, PLATFORM_ROLES } from "./roles";
export { createSessionResolver } from "./identity/session-resolver";
export { retryAfterResponseMeta, RateLimitExceededError, rateLimitPolicies, type RateLimitPolicies } from "./security/rate-limit";
export { RateLimiter } from "./security/rate-limiter";
export type { ProcedureAccess, ProcedureMeta } from "./security/access";
// For the retention worker (apps/workers).
export { purgeExpiredRefreshTokens } from "./identity/sessions.service";
