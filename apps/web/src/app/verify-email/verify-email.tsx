"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent } from "react";

export function VerifyEmail({ email, token, sent }: { email: string; token: string; sent: boolean }) {
  const trpc = useTRPC();
  const verify = useMutation(trpc.identity.verifyEmail.mutationOptions());
  const resend = useMutation(trpc.identity.resendVerification.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [verified, setVerified] = useState(false);
  const [resent, setResent] = useState(false);
  const linkTried = useRef(false);
  const { mutateAsync: verifyAsync } = verify;

  // The link from the email carries a token instead of the code: use it once, as soon as the page opens.
  useEffect(() => {
    if (!token || !email || linkTried.current) return;
    linkTried.current = true;
    verifyAsync({ email, token }).then(
      () => setVerified(true),
      (cause: unknown) => setError(apiErrorOf(cause)),
    );
  }, [email, token, verifyAsync]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    try {
      await verify.mutateAsync({ email: String(form.get("email") ?? ""), code: String(form.get("code") ?? "") });
      setVerified(true);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  async function sendAgain(address: string) {
    setError(null);
    setResent(false);
    try {
      await resend.mutateAsync({ email: address });
      setResent(true);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  if (verified) {
    return (
      <div className="auth-card" data-testid="email-verified">
        <p className="form-success">Your email address is verified.</p>
        <p>
          <Link className="button" href={`/sign-in?${new URLSearchParams({ verified: "1", callbackUrl: "/account/security" })}`}>
            Sign in
          </Link>
        </p>
      </div>
    );
  }

  if (token && !error) {
    return <p className="lead">Checking your link…</p>;
  }

  return (
    <div className="auth-card">
      {sent && email ? (
        <p className="lead">
          We sent a 6-digit code to <strong>{email}</strong>. Enter it below, or open the link in the email.
        </p>
      ) : (
        <p className="lead">Enter the 6-digit code from the email we sent you.</p>
      )}
      <form onSubmit={submit} noValidate>
        <FormAlert error={error} />
        <div className="field">
          <label htmlFor="verify-email">Email</label>
          <input id="verify-email" name="email" type="email" autoComplete="email" defaultValue={email} required aria-invalid={Boolean(error?.fieldErrors.email)} />
          <FieldError message={error?.fieldErrors.email} />
        </div>
        <div className="field">
          <label htmlFor="verify-code">Verification code</label>
          <input id="verify-code" name="code" inputMode="numeric" autoComplete="one-time-code" placeholder="123456" required aria-invalid={Boolean(error?.fieldErrors.code)} />
          <FieldError message={error?.fieldErrors.code} />
        </div>
        <button type="submit" className="button" disabled={verify.isPending}>
          {verify.isPending ? "Verifying…" : "Verify email"}
        </button>{" "}
        <button
          type="button"
          className="button-link"
          disabled={resend.isPending}
          onClick={(event) => {
            const address = new FormData(event.currentTarget.form ?? undefined).get("email");
            void sendAgain(String(address ?? email));
          }}
        >
          Send a new code
        </button>
        {resent ? <p role="status">If that address has an account waiting for verification, a new code is on its way.</p> : null}
      </form>
    </div>
  );
}
