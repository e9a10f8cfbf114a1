import type { Metadata } from "next";

import { env } from "../../../env";
import { requireSession } from "../../../server/session";
import { AcceptInvitation } from "./accept-invitation";

export const metadata: Metadata = { title: "Accept invitation" };

const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

/** Where the invitation mail's link lands: sign in first (coming back here), then accept. */
export default async function AcceptInvitationPage({ searchParams }: PageProps<"/invitations/accept">) {
  const params = await searchParams;
  const token = typeof params.token === "string" && TOKEN.test(params.token) ? params.token : null;
  await requireSession(token ? `/invitations/accept?token=${token}` : "/invitations/accept");
  return (
    <>
      <h1>Join a team on Bazaar</h1>
      {token ? (
        <AcceptInvitation token={token} verifyEmailUrl={new URL("/verify-email", env.WEB_URL).toString()} />
      ) : (
        <p role="alert" className="form-alert">
          This link is incomplete. Open the link from the invitation email again.
        </p>
      )}
    </>
  );
}
