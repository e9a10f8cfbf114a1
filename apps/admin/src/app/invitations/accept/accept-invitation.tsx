"use client";

import type { TenantRole } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { TENANT_ROLE_LABELS } from "../../roles";

/**
 * Accepts with one click rather than on page load: a link opened by a mail scanner or a preview must not
 * use the invitation up. The API decides who may accept (verified, the invited address).
 */
export function AcceptInvitation({ token, verifyEmailUrl }: { token: string; verifyEmailUrl: string }) {
  const trpc = useTRPC();
  const accept = useMutation(trpc.tenants.acceptInvitation.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);

  async function onAccept() {
    setError(null);
    try {
      await accept.mutateAsync({ token });
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  if (accept.data) {
    return (
      <div className="card stack" data-testid="invitation-accepted">
        <p role="status" className="form-success">
          You joined <strong>{accept.data.tenantName}</strong> as {TENANT_ROLE_LABELS[accept.data.role as TenantRole]}.
        </p>
        <p>
          <a className="button" href="/tenants">
            Go to your tenants
          </a>
        </p>
      </div>
    );
  }

  const reason = error?.details?.reason;
  return (
    <div className="card stack">
      <p>You were invited to work on a seller&apos;s team. Accept to become a member with the role in the invitation.</p>
      <FormAlert error={error} />
      {reason === "email-not-verified" ? (
        <p className="form-notice">
          <a href={verifyEmailUrl}>Verify your email address</a> on the storefront, then come back to this link.
        </p>
      ) : null}
      {reason === "email-mismatch" ? <p className="form-notice">Sign out and sign in with the address the invitation was sent to.</p> : null}
      <p>
        <button type="button" className="button" onClick={() => void onAccept()} disabled={accept.isPending}>
          Accept invitation
        </button>
      </p>
    </div>
  );
}
