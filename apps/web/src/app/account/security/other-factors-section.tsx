"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";

interface OtherFactorsProps {
  emailVerified: boolean;
  emailCode: boolean;
  sms: { enabled: boolean; phone: string | null };
}

/** Codes by email or text message, as second factors besides (or instead of) the authenticator app. */
export function OtherFactorsSection({ emailVerified, emailCode, sms }: OtherFactorsProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const enableEmail = useMutation(trpc.identity.enableEmailSecondFactor.mutationOptions());
  const disableEmail = useMutation(trpc.identity.disableEmailSecondFactor.mutationOptions());
  const startSms = useMutation(trpc.identity.enableSmsSecondFactor.mutationOptions());
  const confirmSms = useMutation(trpc.identity.confirmSmsSecondFactor.mutationOptions());
  const disableSms = useMutation(trpc.identity.disableSmsSecondFactor.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [smsSentTo, setSmsSentTo] = useState<string | null>(null);
  const [addingPhone, setAddingPhone] = useState(false);

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: trpc.identity.getSecurityOverview.queryKey() });
      return true;
    } catch (cause) {
      setError(apiErrorOf(cause));
      return false;
    }
  }

  async function submitPhone(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const phone = String(new FormData(event.currentTarget).get("phone") ?? "");
    await run(async () => setSmsSentTo((await startSms.mutateAsync({ phone })).sentTo));
  }

  async function submitSmsCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    if (await run(() => confirmSms.mutateAsync({ code }))) {
      setSmsSentTo(null);
      setAddingPhone(false);
    }
  }

  return (
    <section className="card" aria-labelledby="other-factors-heading">
      <h2 id="other-factors-heading">Codes by email or text message</h2>
      <FormAlert error={error} />
      <dl className="facts">
        <dt>Email code</dt>
        <dd>
          <span className="badge" data-tone={emailCode ? "ok" : undefined} data-testid="email-code-status">
            {emailCode ? "On" : "Off"}
          </span>{" "}
          {emailCode ? (
            <button type="button" className="button-link" onClick={() => void run(() => disableEmail.mutateAsync())}>
              Turn off
            </button>
          ) : emailVerified ? (
            <button type="button" className="button-link" onClick={() => void run(() => enableEmail.mutateAsync())}>
              Turn on
            </button>
          ) : (
            <Link href="/account">Verify your email first</Link>
          )}
        </dd>
        <dt>Text message</dt>
        <dd>
          <span className="badge" data-tone={sms.enabled ? "ok" : undefined}>
            {sms.enabled ? `On · ${sms.phone ?? ""}` : "Off"}
          </span>{" "}
          {sms.enabled ? (
            <button type="button" className="button-link" onClick={() => void run(() => disableSms.mutateAsync())}>
              Turn off
            </button>
          ) : !addingPhone ? (
            <button type="button" className="button-link" onClick={() => setAddingPhone(true)}>
              Add a phone
            </button>
          ) : null}
        </dd>
      </dl>
      {addingPhone && !smsSentTo ? (
        <form className="inline-form" onSubmit={submitPhone} noValidate>
          <div className="field">
            <label htmlFor="sms-phone">Mobile number</label>
            <input id="sms-phone" name="phone" type="tel" autoComplete="tel" placeholder="+447700900123" aria-invalid={Boolean(error?.fieldErrors.phone)} />
            <FieldError message={error?.fieldErrors.phone} />
          </div>
          <button type="submit" className="button" disabled={startSms.isPending}>
            Send code
          </button>
          <button type="button" className="button-link" onClick={() => setAddingPhone(false)}>
            Cancel
          </button>
        </form>
      ) : null}
      {smsSentTo ? (
        <form className="inline-form" onSubmit={submitSmsCode} noValidate>
          <div className="field">
            <label htmlFor="sms-code">Code sent to {smsSentTo}</label>
            <input id="sms-code" name="code" inputMode="numeric" autoComplete="one-time-code" aria-invalid={Boolean(error?.fieldErrors.code)} />
            <FieldError message={error?.fieldErrors.code} />
          </div>
          <button type="submit" className="button" disabled={confirmSms.isPending}>
            Confirm
          </button>
        </form>
      ) : null}
    </section>
  );
}
