"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

/** Change the password: the current one is required; every other device is signed out. */
export function PasswordSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const change = useMutation(trpc.identity.changePassword.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    setNotice(null);
    try {
      const result = await change.mutateAsync({ currentPassword: String(form.get("currentPassword") ?? ""), newPassword: String(form.get("newPassword") ?? "") });
      formElement.reset();
      await queryClient.invalidateQueries({ queryKey: trpc.identity.getSecurityOverview.queryKey() });
      setNotice(`Password changed. ${result.revokedSessions} other session${result.revokedSessions === 1 ? " was" : "s were"} signed out.`);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form onSubmit={submit} noValidate>
        <FormAlert error={error} />
        {notice ? <p role="status" className="form-success">{notice}</p> : null}
        <div className="field">
          <label htmlFor="current-password">Current password</label>
          <input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required aria-invalid={Boolean(error?.fieldErrors.currentPassword)} />
          <FieldError message={error?.fieldErrors.currentPassword} />
        </div>
        <div className="field">
          <label htmlFor="new-password">New password</label>
          <input id="new-password" name="newPassword" type="password" autoComplete="new-password" minLength={10} required aria-invalid={Boolean(error?.fieldErrors.newPassword)} />
          <FieldError message={error?.fieldErrors.newPassword} />
        </div>
        <button type="submit" className="button" disabled={change.isPending}>
          {change.isPending ? "Changing…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
