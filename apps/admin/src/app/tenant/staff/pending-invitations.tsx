"use client";

import type { TenantRole } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { TENANT_ROLE_LABELS } from "../../roles";

/** Open invitations of the tenant, with revoke for those below the viewer's role (MANAGER and up). */
export function PendingInvitations({
  grantable,
  onChanged,
  onError,
}: {
  grantable: readonly TenantRole[];
  onChanged: (message: string) => void;
  onError: (error: ApiErrorView | null) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data, isPending } = useQuery(trpc.tenants.listInvitations.queryOptions());
  const revoke = useMutation(trpc.tenants.revokeInvitation.mutationOptions());

  async function revokeOne(invitationId: string, email: string) {
    onError(null);
    try {
      await revoke.mutateAsync({ invitationId });
      await queryClient.invalidateQueries({ queryKey: trpc.tenants.listInvitations.queryKey() });
      onChanged(`The invitation to ${email} was revoked; its link no longer works.`);
    } catch (cause) {
      onError(apiErrorOf(cause));
    }
  }

  return (
    <section className="card" aria-labelledby="pending-invitations-heading">
      <h2 id="pending-invitations-heading">Pending invitations</h2>
      {isPending ? <p className="form-notice">Loading…</p> : null}
      {data && data.invitations.length === 0 ? <p className="form-notice">No invitation is waiting to be accepted.</p> : null}
      {data && data.invitations.length > 0 ? (
        <table className="data-table" data-testid="invitations">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.invitations.map((i) => (
              <tr key={i.invitationId} data-email={i.email}>
                <td>{i.email}</td>
                <td>{TENANT_ROLE_LABELS[i.role as TenantRole]}</td>
                <td>{i.expired ? <strong>expired</strong> : formatDateTime(i.expiresAt)}</td>
                <td>
                  {grantable.includes(i.role as TenantRole) ? (
                    <button
                      type="button"
                      className="button-link"
                      disabled={revoke.isPending}
                      aria-label={`Revoke the invitation to ${i.email}`}
                      onClick={() => void revokeOne(i.invitationId, i.email)}
                    >
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
