import { safeCallbackPath } from "@bazaar/next-kit/auth";
import { SignInForm } from "@bazaar/next-kit/auth-client";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { auth } from "../../server/auth";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, "/account");
  if (await auth.getSession()) redirect(callbackUrl);

  return (
    <>
      <h1>Sign in</h1>
      {params.verified ? <p className="form-success">Your email address is verified. Sign in to continue.</p> : null}
      {params.error ? <p role="alert" className="form-alert">Sign-in failed. Please try again.</p> : null}
      <SignInForm
        callbackUrl={callbackUrl}
        footer={
          <p>
            New to Bazaar? <Link href="/sign-up">Create an account</Link> · <Link href="/forgot-password">Forgot your password?</Link>
          </p>
        }
      />
    </>
  );
}
