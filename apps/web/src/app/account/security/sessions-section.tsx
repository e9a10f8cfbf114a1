"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { SignOutButton } from "@bazaar/next-kit/auth-client";
import { FormAlert } from "@bazaar/next-kit/forms";
import { describeUserAgent, formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

type SessionRow = RouterOutputs["identity"]["getSecurityOverview"]["sessions"][number];

const FACTOR_LABELS: Record<string, string> = { totp: "authenticator app", email: "email code", sms: "text message", recovery: "recovery code" };

export function SessionsSection({ sessions }: { sessions: SessionRow[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(trpc.identity.revokeSession.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);

  async function revokeOne(sessionId: string) {
    setError(null);
    try {
      await revoke.mutateAsync({ sessionId });
      await queryClient.invalidateQueries({ queryKey: trpc.identity.getSecurityOverview.queryKey() });
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      <FormAlert error={error} />
      <table className="data-table" data-testid="sessions">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Address</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last active</th>
            <th scope="col">
              <span className="sr-only">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} data-current={s.current ? "true" : undefined}>
              <td title={s.userAgent ?? undefined}>
                {describeUserAgent(s.userAgent)}
                {s.secondFactor ? <small> · with {FACTOR_LABELS[s.secondFactor] ?? s.secondFactor}</small> : null}
              </td>
              <td>{s.ipAddress ?? "—"}</td>
              <td>{formatDateTime(s.createdAt)}</td>
              <td>{formatDateTime(s.lastSeenAt)}</td>
              <td>
                {s.current ? (
                  <>
                    <span className="badge" data-tone="accent">
                      This device
                    </span>{" "}
                    <SignOutButton />
                  </>
                ) : (
                  <button type="button" className="button-link" onClick={() => void revokeOne(s.id)} disabled={revoke.isPending}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
