"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { RecoveryCodes } from "./recovery-codes";
import { RegenerateRecoveryCodes } from "./regenerate-recovery-codes";

type Enrollment = RouterOutputs["identity"]["beginTotpEnrollment"];

interface TotpSectionProps {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

export function TotpSection({ enabled, enabledAt, recoveryCodesLeft }: TotpSectionProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const begin = useMutation(trpc.identity.beginTotpEnrollment.mutationOptions());
  const confirm = useMutation(trpc.identity.confirmTotpEnrollment.mutationOptions());
  const disable = useMutation(trpc.identity.disableTotp.mutationOptions());
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  // Shown once, right after enrolment: the API keeps only their hashes.
  const [freshCodes, setFreshCodes] = useState<string[] | null>(null);
  const [disabling, setDisabling] = useState(false);
  const [error, setError] = useState<ApiErrorView | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.identity.getSecurityOverview.queryKey() });

  async function start() {
    setError(null);
    try {
      setEnrollment(await begin.mutateAsync());
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  async function submitConfirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    setError(null);
    try {
      const { recoveryCodes } = await confirm.mutateAsync({ code });
      setEnrollment(null);
      setFreshCodes(recoveryCodes);
      await refresh();
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  async function submitDisable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    setError(null);
    try {
      await disable.mutateAsync({ code });
      setDisabling(false);
      await refresh();
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <section className="card" aria-labelledby="totp-heading" data-testid="totp-section">
      <h2 id="totp-heading">
        Authenticator app{" "}
        <span className="badge" data-tone={enabled ? "ok" : undefined} data-testid="totp-status">
          {enabled ? "On" : "Off"}
        </span>
      </h2>
      <p className="form-notice">
        {enabled
          ? `Signing in asks for a code from your authenticator app. Turned on ${formatDateTime(enabledAt)}.`
          : "Add a second step to signing in: a code from an app such as Google Authenticator, 1Password or Aegis."}
      </p>
      <FormAlert error={error} />

      {freshCodes ? <RecoveryCodes codes={freshCodes} onDone={() => setFreshCodes(null)} /> : null}

      {!enabled && !enrollment ? (
        <button type="button" className="button" onClick={() => void start()} disabled={begin.isPending}>
          {begin.isPending ? "Preparing…" : "Set up authenticator app"}
        </button>
      ) : null}

      {!enabled && enrollment ? (
        <div className="stack" data-testid="totp-enrollment">
          <ol>
            <li>Scan this QR code with your authenticator app.</li>
            <li>Or type this key into the app instead:</li>
          </ol>
          {/* A data: URL made by the API: next/image has nothing to optimise here. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={enrollment.qrCodeDataUrl} alt="QR code for your authenticator app" width={200} height={200} />
          <p>
            Key: <code className="secret" data-testid="totp-secret">{enrollment.secret}</code>
          </p>
          <form className="inline-form" onSubmit={submitConfirm} noValidate>
            <div className="field">
              <label htmlFor="totp-confirm-code">Code from the app</label>
              <input id="totp-confirm-code" name="code" inputMode="numeric" autoComplete="one-time-code" placeholder="123456" aria-invalid={Boolean(error?.fieldErrors.code)} />
              <FieldError message={error?.fieldErrors.code} />
            </div>
            <button type="submit" className="button" disabled={confirm.isPending}>
              {confirm.isPending ? "Checking…" : "Turn on"}
            </button>
            <button type="button" className="button-link" onClick={() => setEnrollment(null)}>
              Cancel
            </button>
          </form>
          <p className="field-hint">This setup expires at {formatDateTime(enrollment.expiresAt)}.</p>
        </div>
      ) : null}

      {enabled ? (
        <div className="stack">
          <p data-testid="recovery-codes-left">
            Recovery codes left: <strong>{recoveryCodesLeft}</strong>
            {recoveryCodesLeft <= 3 ? " — running low: regenerate them for a fresh set of 10." : null}
          </p>
          {freshCodes ? null : (
            <RegenerateRecoveryCodes
              onRegenerated={(codes) => {
                setFreshCodes(codes);
                void refresh();
              }}
            />
          )}
          {disabling ? (
            <form className="inline-form" onSubmit={submitDisable} noValidate>
              <div className="field">
                <label htmlFor="totp-disable-code">Current code or a recovery code</label>
                <input id="totp-disable-code" name="code" autoComplete="one-time-code" aria-invalid={Boolean(error?.fieldErrors.code)} />
                <FieldError message={error?.fieldErrors.code} />
              </div>
              <button type="submit" className="button button-danger" disabled={disable.isPending}>
                Turn off
              </button>
              <button type="button" className="button-link" onClick={() => setDisabling(false)}>
                Keep it on
              </button>
            </form>
          ) : (
            <p>
              <button type="button" className="button button-secondary" onClick={() => setDisabling(true)}>
                Turn off authenticator app
              </button>
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}
