import Link from "next/link";

/** What a tenant page shows when no tenant is picked in the switcher. */
export function NoTenant({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">Choose the tenant to work on in the header first.</p>
      <p>
        <Link href="/tenants">Your tenants</Link> · <Link href="/onboarding">Start selling</Link>
      </p>
    </>
  );
}

/** A page the user's role in this tenant does not open. */
export function NotAllowed({ title, needs }: { title: string; needs: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">This page is for the tenant&apos;s {needs}.</p>
      <p>
        <Link href="/">Back to the dashboard</Link>
      </p>
    </>
  );
}
