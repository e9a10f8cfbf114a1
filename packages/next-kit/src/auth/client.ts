// Browser side of the next-auth integration (`@bazaar/next-kit/auth-client`).
export { SignInForm, type SignInFormProps } from "./sign-in-form";
export { SignOutButton } from "./sign-out-button";
export { DEVICE_COOKIE } from "./auth-cookies";
export type { BazaarUser, SecondFactorMethod } from "./auth-types";
export { safeCallbackPath, signInPathFor } from "./callback-url";
