import type { Metadata } from "next";

import { VerifyEmail } from "./verify-email";

export const metadata: Metadata = { title: "Verify your email" };

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/**
 * Where sign-up lands ("check your email") and where the email's link points
 * (`/verify-email?email=…&token=…`, built by the identity service from WEB_ORIGIN).
 */
export default async function VerifyEmailPage({ searchParams }: PageProps<"/verify-email">) {
  const params = await searchParams;
  const email = first(params.email);
  const token = first(params.token);
  const sent = first(params.sent) === "1";
  return (
    <>
      <h1>{token ? "Verifying your email" : sent ? "Check your email" : "Verify your email"}</h1>
      <VerifyEmail email={email} token={token} sent={sent} />
    </>
  );
}
