"use client";

import type { RouterOutputs, TenantRole } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { TENANT_ROLE_LABELS, tenantRoleAtLeast } from "../../roles";
import { PendingInvitations } from "./pending-invitations";

type Member = RouterOutputs["tenants"]["listStaff"]["staff"][number];

const ROLE_HELP: Record<TenantRole, string> = {
  OWNER: "everything, including the plan",
  ADMIN: "everything but the plan; reads the audit log",
  MANAGER: "staff below manager, stores and catalog",
  STAFF: "day-to-day work: orders, inventory",
  VIEWER: "read only",
};

/**
 * Staff list, invitations by email, role changes and removal; the API allows only roles below yours.
 * Inviting answers the same whether or not the address has an account, so the page never says which.
 */
export function StaffManager({ selfId }: { selfId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery(trpc.tenants.listStaff.queryOptions());
  const invite = useMutation(trpc.tenants.inviteStaff.mutationOptions());
  const change = useMutation(trpc.tenants.changeStaffRole.mutationOptions());
  const remove = useMutation(trpc.tenants.removeStaff.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const grantable = data.grantableRoles as TenantRole[];
  // Invitations are a MANAGER's tool (tenants.inviteStaff); a STAFF member may outrank a VIEWER but not invite.
  const canInvite = tenantRoleAtLeast(data.yourRole as TenantRole, "MANAGER") && grantable.length > 0;

  // As useActionFeedback's `run` (onDone before the notice), with setters PendingInvitations reports through.
  async function run(action: () => Promise<unknown>, done: string, onDone?: () => void) {
    setError(null);
    setNotice(null);
    try {
      await action();
      onDone?.();
      await queryClient.invalidateQueries({ queryKey: trpc.tenants.listStaff.queryKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.tenants.getUsage.queryKey() });
      if (canInvite) await queryClient.invalidateQueries({ queryKey: trpc.tenants.listInvitations.queryKey() });
      setNotice(done);
      return true;
    } catch (cause) {
      setError(apiErrorOf(cause));
      return false;
    }
  }

  async function submitInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const email = String(form.get("email") ?? "").trim();
    const role = String(form.get("role") ?? "") as TenantRole;
    const done = `Invitation sent to ${email} as ${TENANT_ROLE_LABELS[role]}. They join once they accept it.`;
    await run(() => invite.mutateAsync({ email, role }), done, () => formElement.reset());
  }

  const manageable = (m: Member) => m.userId !== selfId && grantable.includes(m.role as TenantRole);

  return (
    <div className="stack">
      <p className="form-notice">
        Your role: <strong>{TENANT_ROLE_LABELS[data.yourRole as TenantRole]}</strong>.{" "}
        {grantable.length > 0 ? `You can invite and manage: ${grantable.map((r) => TENANT_ROLE_LABELS[r]).join(", ")}.` : "You cannot manage staff."}
      </p>
      <FormAlert error={error} />
      {notice ? <p role="status" className="form-success">{notice}</p> : null}

      <table className="data-table" data-testid="staff">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            <th scope="col">
              <span className="sr-only">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.staff.map((m) => (
            <tr key={m.userId} data-email={m.email}>
              <td>
                {m.name}
                {m.userId === selfId ? <small> (you)</small> : null}
              </td>
              <td>{m.email}</td>
              <td>
                {manageable(m) ? (
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    disabled={change.isPending}
                    onChange={(e) => {
                      const role = e.target.value as TenantRole;
                      void run(() => change.mutateAsync({ userId: m.userId, role }), `${m.email} is now ${TENANT_ROLE_LABELS[role]}.`);
                    }}
                  >
                    {grantable.map((r) => (
                      <option key={r} value={r}>
                        {TENANT_ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                ) : (
                  TENANT_ROLE_LABELS[m.role as TenantRole]
                )}
              </td>
              <td>{formatDateTime(m.joinedAt)}</td>
              <td>
                {manageable(m) ? (
                  <button
                    type="button"
                    className="button-link"
                    disabled={remove.isPending}
                    aria-label={`Remove ${m.email}`}
                    onClick={() => void run(() => remove.mutateAsync({ userId: m.userId }), `${m.email} removed.`)}
                  >
                    Remove
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {canInvite ? (
        <form className="card" onSubmit={submitInvite} noValidate aria-labelledby="invite-staff-heading">
          <h2 id="invite-staff-heading">Invite someone</h2>
          <p className="form-notice">
            We email them a link. They accept it signed in with this email address, verified (they can create an account from the link).
          </p>
          <div className="inline-form">
            <div className="field">
              <label htmlFor="staff-email">Email</label>
              <input id="staff-email" name="email" type="email" autoComplete="off" aria-invalid={Boolean(error?.fieldErrors.email)} />
              <FieldError message={error?.fieldErrors.email} />
            </div>
            <div className="field">
              <label htmlFor="staff-role">Role</label>
              <select id="staff-role" name="role" defaultValue={grantable.at(-1)}>
                {grantable.map((r) => (
                  <option key={r} value={r}>
                    {TENANT_ROLE_LABELS[r]} — {ROLE_HELP[r]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button" disabled={invite.isPending}>
              Send invitation
            </button>
          </div>
        </form>
      ) : null}
      {canInvite ? <PendingInvitations grantable={grantable} onChanged={(message) => setNotice(message)} onError={setError} /> : null}
    </div>
  );
}
