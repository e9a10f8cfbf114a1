import type { Metadata } from "next";
import Link from "next/link";

import { auth } from "../../server/auth";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const session = await auth.getSession();
  if (!session) {
    return (
      <>
        <h1>Account</h1>
        <p className="lead">Sign in to see your orders, two-factor settings and where you are signed in.</p>
        <p>
          <Link className="button" href="/sign-in?callbackUrl=%2Faccount">
            Sign in
          </Link>{" "}
          or <Link href="/sign-up">create an account</Link>.
        </p>
      </>
    );
  }

  const { user } = session;
  return (
    <>
      <h1>Account</h1>
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <dl className="facts">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>Email</dt>
          <dd>
            {user.email}{" "}
            {user.emailVerified ? (
              <span className="badge" data-tone="ok">
                verified
              </span>
            ) : (
              <Link href={`/verify-email?${new URLSearchParams({ email: user.email })}`}>verify now</Link>
            )}
          </dd>
        </dl>
      </section>
      <p>
        <Link href="/account/orders">Your orders: each seller&apos;s status and tracking</Link>
      </p>
      <p>
        <Link href="/account/reviews">Your reviews: what you wrote, its moderation status, and what is waiting for a review</Link>
      </p>
      <p>
        <Link href="/account/security">Security: two-factor authentication, recovery codes and sessions</Link>
      </p>
    </>
  );
}
