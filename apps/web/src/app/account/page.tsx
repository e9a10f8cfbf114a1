import type { Metadata } from "next";

export const metadata: Metadata = { title: "Account" };

export default function AccountPage() {
  return (
    <>
      <h1>Account</h1>
      <p className="lead">Sign-in, orders, two-factor settings and sessions will live here.</p>
    </>
  );
}
