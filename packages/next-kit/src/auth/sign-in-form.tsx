"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useId, useState, type FormEvent, type ReactNode } from "react";

import { useTRPC } from "../trpc.provider";
import { apiErrorOf, type ApiErrorView } from "../ui/api-error";
import { FieldError, FormAlert } from "../ui/form-feedback";
import type { SecondFactorMethod } from "./auth-types";
import { decodeSignInOutcome, type SecondFactorChallenge } from "./sign-in-outcome";

/** The credentials provider's id in createBazaarAuth. */
const PROVIDER = "bazaar";

const METHOD_LABELS: Record<SecondFactorMethod, string> = {
  totp: "Authenticator app",
  email: "Email code",
  sms: "Text message",
  recovery: "Recovery code",
};

const METHOD_ORDER: readonly SecondFactorMethod[] = ["totp", "email", "sms", "recovery"];

export interface SignInFormProps {
  /** Where to go once signed in (same origin; next-auth refuses anything else). */
  callbackUrl: string;
  /** Extra content under the form (e.g. a link to sign up). */
  footer?: ReactNode;
}

/**
 * Two-step sign-in on next-auth's credentials provider: email and password first; when the account has a
 * second factor, the API answers with a challenge and the form asks for a code (authenticator app, an
 * email or text message it sends on request, or a recovery code).
 */
export function SignInForm({ callbackUrl, footer }: SignInFormProps) {
  const [challenge, setChallenge] = useState<SecondFactorChallenge | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  function restart(message: string) {
    setChallenge(null);
    setNotice(message);
  }

  return (
    <div className="auth-card">
      {challenge ? (
        <SecondFactorStep challenge={challenge} callbackUrl={callbackUrl} onRestart={restart} />
      ) : (
        <PasswordStep
          callbackUrl={callbackUrl}
          notice={notice}
          onChallenge={(c) => {
            setNotice(null);
            setChallenge(c);
          }}
        />
      )}
      {footer}
    </div>
  );
}

function PasswordStep({ callbackUrl, notice, onChallenge }: { callbackUrl: string; notice: string | null; onChallenge: (c: SecondFactorChallenge) => void }) {
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [pending, setPending] = useState(false);
  const emailId = useId();
  const passwordId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn(PROVIDER, {
        redirect: false,
        callbackUrl,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      if (result?.ok && !result.error) {
        window.location.assign(callbackUrl);
        return;
      }
      const outcome = decodeSignInOutcome(result?.error);
      if (outcome.kind === "second-factor") onChallenge(outcome);
      else setError(outcome);
    } catch (cause) {
      setError(apiErrorOf(cause));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${emailId}-heading`}>
      <h2 id={`${emailId}-heading`}>Sign in</h2>
      {notice ? <p className="form-notice">{notice}</p> : null}
      <FormAlert error={error} />
      <div className="field">
        <label htmlFor={emailId}>Email</label>
        <input id={emailId} name="email" type="email" autoComplete="username" required aria-invalid={Boolean(error?.fieldErrors.email)} />
        <FieldError message={error?.fieldErrors.email} />
      </div>
      <div className="field">
        <label htmlFor={passwordId}>Password</label>
        <input id={passwordId} name="password" type="password" autoComplete="current-password" required aria-invalid={Boolean(error?.fieldErrors.password)} />
        <FieldError message={error?.fieldErrors.password} />
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

function SecondFactorStep({
  challenge,
  callbackUrl,
  onRestart,
}: {
  challenge: SecondFactorChallenge;
  callbackUrl: string;
  onRestart: (message: string) => void;
}) {
  const methods = METHOD_ORDER.filter((m) => challenge.methods.includes(m));
  const [method, setMethod] = useState<SecondFactorMethod>(methods[0] ?? "totp");
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [pending, setPending] = useState(false);
  const [sentTo, setSentTo] = useState<Partial<Record<SecondFactorMethod, string>>>({});
  const codeId = useId();
  const trpc = useTRPC();
  const sendCode = useMutation(trpc.identity.sendSecondFactorCode.mutationOptions());

  async function send(target: "email" | "sms") {
    setError(null);
    try {
      const sent = await sendCode.mutateAsync({ challengeId: challenge.challengeId, method: target });
      setSentTo((s) => ({ ...s, [target]: sent.sentTo }));
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn(PROVIDER, {
        redirect: false,
        callbackUrl,
        challengeId: challenge.challengeId,
        method,
        code: String(form.get("code") ?? ""),
      });
      if (result?.ok && !result.error) {
        window.location.assign(callbackUrl);
        return;
      }
      const outcome = decodeSignInOutcome(result?.error);
      if (outcome.kind === "error" && /sign in again/i.test(outcome.message)) onRestart(outcome.message);
      else if (outcome.kind === "error") setError(outcome);
    } catch (cause) {
      setError(apiErrorOf(cause));
    } finally {
      setPending(false);
    }
  }

  const needsSending = method === "email" || method === "sms";
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${codeId}-heading`}>
      <h2 id={`${codeId}-heading`}>Two-step verification</h2>
      <p className="form-notice">Your password was right. Confirm it is you with a second factor.</p>
      {methods.length > 1 ? (
        <fieldset className="choice-group">
          <legend>Verify with</legend>
          {methods.map((m) => (
            <label key={m} className="choice">
              <input
                type="radio"
                name="method"
                value={m}
                checked={method === m}
                onChange={() => {
                  setMethod(m);
                  setError(null);
                }}
              />
              {METHOD_LABELS[m]}
            </label>
          ))}
        </fieldset>
      ) : null}
      <FormAlert error={error} />
      {needsSending ? (
        <p>
          <button type="button" className="button button-secondary" onClick={() => void send(method)} disabled={sendCode.isPending}>
            {sentTo[method] ? "Send another code" : method === "email" ? "Email me a code" : "Text me a code"}
          </button>{" "}
          {sentTo[method] ? <span role="status">Code sent to {sentTo[method]}.</span> : null}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={codeId}>{method === "recovery" ? "Recovery code" : "Authentication code"}</label>
        <input
          id={codeId}
          key={method}
          name="code"
          type="text"
          inputMode={method === "recovery" ? "text" : "numeric"}
          autoComplete="one-time-code"
          placeholder={method === "recovery" ? "ABCDE-12345" : "123456"}
          required
          aria-invalid={Boolean(error?.fieldErrors.code)}
        />
        <FieldError message={error?.fieldErrors.code} />
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Verifying…" : "Verify"}
      </button>{" "}
      <button type="button" className="button-link" onClick={() => onRestart("Sign in again to choose another account.")}>
        Use another account
      </button>
    </form>
  );
}
