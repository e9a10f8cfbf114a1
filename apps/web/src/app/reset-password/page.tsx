import type { Metadata } from "next";

import { ResetPassword } from "./reset-password";

export const metadata: Metadata = { title: "Choose a new password" };

/** Where the reset mail's link points (`/reset-password?token=…`, built by the identity service from WEB_ORIGIN). */
export default async function ResetPasswordPage({ searchParams }: PageProps<"/reset-password">) {
  const params = await searchParams;
  const token = (Array.isArray(params.token) ? params.token[0] : params.token) ?? "";
  return (
    <>
      <h1>Choose a new password</h1>
      <ResetPassword token={token} />
    </>
  );
}
