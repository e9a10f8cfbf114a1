"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

/** One answer for every address: the page never says whether an account exists. */
export function ForgotPassword() {
  const trpc = useTRPC();
  const request = useMutation(trpc.identity.requestPasswordReset.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    setError(null);
    try {
      await request.mutateAsync({ email });
      setSentTo(email);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  if (sentTo) {
    return (
      <div className="auth-card" data-testid="reset-requested">
        <p className="form-success">
          If <strong>{sentTo}</strong> has a Bazaar account, we sent it a link to choose a new password. The link works once, for an hour.
        </p>
      </div>
    );
  }

  return (
    <div className="auth-card">
      <p className="lead">Enter your account&apos;s email address and we will send you a link to choose a new password.</p>
      <form onSubmit={submit} noValidate>
        <FormAlert error={error} />
        <div className="field">
          <label htmlFor="forgot-email">Email</label>
          <input id="forgot-email" name="email" type="email" autoComplete="email" required aria-invalid={Boolean(error?.fieldErrors.email)} />
          <FieldError message={error?.fieldErrors.email} />
        </div>
        <button type="submit" className="button" disabled={request.isPending}>
          {request.isPending ? "Sending…" : "Send reset link"}
        </button>
      </form>
    </div>
  );
}
