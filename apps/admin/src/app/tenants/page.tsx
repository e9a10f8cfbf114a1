import type { Metadata } from "next";

export const metadata: Metadata = { title: "Tenants" };

export default function TenantsPage() {
  return (
    <>
      <h1>Tenants</h1>
      <p className="lead">
        Your stores and the tenants you belong to appear here once you are signed in.
      </p>
    </>
  );
}
