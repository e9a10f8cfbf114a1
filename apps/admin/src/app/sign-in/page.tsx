import { safeCallbackPath } from "@bazaar/next-kit/auth";
import { SignInForm } from "@bazaar/next-kit/auth-client";
import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { env } from "../../env";
import { auth } from "../../server/auth";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, "/tenants");
  if (await auth.getSession()) redirect(callbackUrl);

  return (
    <>
      <h1>Sign in to Bazaar Admin</h1>
      <p className="lead">For sellers, their staff and platform operators.</p>
      {params.error ? <p role="alert" className="form-alert">Sign-in failed. Please try again.</p> : null}
      <SignInForm
        callbackUrl={callbackUrl}
        footer={
          <p>
            No account yet? <a href={new URL("/sign-up", env.WEB_URL).toString()}>Create one on the storefront</a>, then
            come back to start selling. Forgot your password?{" "}
            <a href={new URL("/forgot-password", env.WEB_URL).toString()}>Reset it on the storefront</a>.
          </p>
        }
      />
    </>
  );
}
