// Server side of the next-auth integration (`@bazaar/next-kit/auth`).
export { createBazaarAuth, type BazaarAuth, type BazaarAuthConfig } from "./bazaar-auth";
export type { ApiTokens, BazaarUser, SecondFactorMethod } from "./auth-types";
export { safeCallbackPath, signInPathFor } from "./callback-url";
