"use client";

import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";

import { SuccessNotice } from "../../success-notice";
import { useActionFeedback } from "../../use-action-feedback";
import { LabelOptions } from "../../label-options";

const PROVIDERS = { sandbox: "Sandbox", stripe: "Stripe (connected account)", paystack: "Paystack (transfer recipient)" } as const;
type Provider = keyof typeof PROVIDERS;

/**
 * Where the tenant's payouts go (OWNER only; the change is audited). Without one, payouts are not
 * sent: the balance accrues and the next payout after it is set carries all of it (decision 0028).
 */
export function PayoutDestination() {
  const trpc = useTRPC();
  const { data: destinations, refetch } = useSuspenseQuery(trpc.payouts.destinations.queryOptions());
  const save = useMutation(trpc.payouts.setDestination.mutationOptions());
  const { error, notice, run } = useActionFeedback(refetch);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const input = { provider: String(data.get("provider") ?? "sandbox") as Provider, destination: String(data.get("destination") ?? "") };
    // The form clears before the notice shows, so what is typed after the notice is never wiped.
    void run(async () => {
      await save.mutateAsync(input);
      form.reset();
    }, "Payout destination saved.");
  }

  return (
    <section className="card" aria-labelledby="payout-destination-heading">
      <h2 id="payout-destination-heading">Payout destination</h2>
      {destinations.length === 0 ? (
        <p data-testid="payout-destination-missing">
          No payout destination yet: payouts are not sent and your balance accrues until you set one.
        </p>
      ) : (
        <dl className="definition-list" data-testid="payout-destination">
          {destinations.map((d) => (
            <div key={d.provider}>
              <dt>{PROVIDERS[d.provider as Provider] ?? d.provider}</dt>
              <dd>
                <code>{d.destination}</code> (since {formatDateTime(d.updatedAt)})
              </dd>
            </div>
          ))}
        </dl>
      )}
      <FormAlert error={error} />
      <SuccessNotice message={notice} />
      <form className="inline-form" onSubmit={submit} aria-label="Payout destination">
        <div className="field">
          <label htmlFor="payout-provider">Provider</label>
          <select id="payout-provider" name="provider" defaultValue="sandbox">
            <LabelOptions labels={PROVIDERS} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="payout-account">Account reference</label>
          <input id="payout-account" name="destination" required maxLength={255} placeholder="acct_…" />
          <FieldError message={error?.fieldErrors.destination} />
        </div>
        <button type="submit" className="button" disabled={save.isPending}>
          Save destination
        </button>
      </form>
    </section>
  );
}
