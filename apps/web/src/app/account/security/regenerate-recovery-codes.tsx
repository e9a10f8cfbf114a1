"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

/**
 * Swaps every recovery code for a new set, confirmed with a code from the authenticator app (the API
 * refuses recovery codes here). The new codes go to `onRegenerated`, which shows them once.
 */
export function RegenerateRecoveryCodes({ onRegenerated }: { onRegenerated: (codes: string[]) => void }) {
  const trpc = useTRPC();
  const regenerate = useMutation(trpc.identity.regenerateRecoveryCodes.mutationOptions());
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ApiErrorView | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    setError(null);
    try {
      const { recoveryCodes } = await regenerate.mutateAsync({ code });
      setOpen(false);
      onRegenerated(recoveryCodes);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  if (!open) {
    return (
      <p>
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Regenerate recovery codes
        </button>
      </p>
    );
  }
  return (
    <div className="stack" data-testid="regenerate-recovery-codes">
      <p className="form-notice">You get 10 new codes and every earlier one stops working, used or not.</p>
      <FormAlert error={error} />
      <form className="inline-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="regenerate-recovery-code">Code from your authenticator app</label>
          <input
            id="regenerate-recovery-code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            placeholder="123456"
            aria-invalid={Boolean(error?.fieldErrors.code)}
          />
          <FieldError message={error?.fieldErrors.code} />
        </div>
        <button type="submit" className="button" disabled={regenerate.isPending}>
          {regenerate.isPending ? "Checking…" : "Get new codes"}
        </button>
        <button
          type="button"
          className="button-link"
          onClick={() => {
            setOpen(false);
            setError(null);
          }}
        >
          Cancel
        </button>
      </form>
    </div>
  );
}
