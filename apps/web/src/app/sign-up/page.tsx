import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { auth } from "../../server/auth";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if (await auth.getSession()) redirect("/account");
  return (
    <>
      <h1>Create an account</h1>
      <p className="lead">One account for every store on Bazaar.</p>
      <div className="auth-card">
        <SignUpForm />
        <p>
          Already have an account? <Link href="/sign-in">Sign in</Link>
        </p>
      </div>
    </>
  );
}
