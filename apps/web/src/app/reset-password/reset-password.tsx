"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";

export function ResetPassword({ token }: { token: string }) {
  const trpc = useTRPC();
  const reset = useMutation(trpc.identity.resetPassword.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    setError(null);
    if (password !== String(form.get("confirm") ?? "")) {
      setError({ code: "BAD_REQUEST", message: "The two passwords differ.", fieldErrors: { confirm: "Type the same password twice." }, retryAfter: null });
      return;
    }
    try {
      await reset.mutateAsync({ token, password });
      setDone(true);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  if (done) {
    return (
      <div className="auth-card" data-testid="password-reset">
        <p className="form-success">Your password is set, and every device was signed out. Your email address counts as verified.</p>
        <p>
          <Link className="button" href="/sign-in">
            Sign in
          </Link>
        </p>
      </div>
    );
  }

  if (!token) {
    return (
      <p role="alert" className="form-alert">
        This link is incomplete. <Link href="/forgot-password">Ask for a new one</Link>.
      </p>
    );
  }

  return (
    <div className="auth-card">
      <form onSubmit={submit} noValidate>
        <FormAlert error={error} />
        {error?.fieldErrors.token || error?.details?.field === "token" ? (
          <p className="form-notice">
            <Link href="/forgot-password">Ask for a new link</Link>.
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="reset-password">New password</label>
          <input id="reset-password" name="password" type="password" autoComplete="new-password" minLength={10} required aria-invalid={Boolean(error?.fieldErrors.password)} />
          <FieldError message={error?.fieldErrors.password} />
        </div>
        <div className="field">
          <label htmlFor="reset-confirm">Type it again</label>
          <input id="reset-confirm" name="confirm" type="password" autoComplete="new-password" required aria-invalid={Boolean(error?.fieldErrors.confirm)} />
          <FieldError message={error?.fieldErrors.confirm} />
        </div>
        <button type="submit" className="button" disabled={reset.isPending}>
          {reset.isPending ? "Saving…" : "Set new password"}
        </button>
      </form>
    </div>
  );
}
