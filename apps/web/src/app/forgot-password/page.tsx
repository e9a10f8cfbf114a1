import type { Metadata } from "next";

import { ForgotPassword } from "./forgot-password";

export const metadata: Metadata = { title: "Forgot your password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1>Forgot your password?</h1>
      <ForgotPassword />
    </>
  );
}
