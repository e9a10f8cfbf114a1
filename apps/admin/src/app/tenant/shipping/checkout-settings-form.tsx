"use client";

import { FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";

import { SuccessNotice } from "../../success-notice";
import { useActionFeedback } from "../../use-action-feedback";

/** Whether catalogue prices include tax, and when a shopper's payment is captured. */
export function CheckoutSettingsForm({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: settings } = useSuspenseQuery(trpc.shipping.getCheckoutSettings.queryOptions());
  const save = useMutation(trpc.shipping.updateCheckoutSettings.mutationOptions());
  const { error, notice, run } = useActionFeedback(() => queryClient.invalidateQueries({ queryKey: trpc.shipping.getCheckoutSettings.queryKey() }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const captureAt = form.get("captureAt") === "FULFILMENT" ? "FULFILMENT" : "CONFIRMATION";
    await run(() => save.mutateAsync({ pricesIncludeTax: form.get("pricesIncludeTax") === "on", captureAt }), "Checkout settings saved.");
  }

  return (
    <section className="card stack" aria-labelledby="checkout-settings-heading">
      <h2 id="checkout-settings-heading">Checkout settings</h2>
      <FormAlert error={error} />
      <SuccessNotice message={notice} />
      <form key={settings.updatedAt ? String(settings.updatedAt) : "defaults"} className="stack" onSubmit={submit} noValidate aria-label="Checkout settings">
        <div className="field">
          <label>
            <input type="checkbox" name="pricesIncludeTax" defaultChecked={settings.pricesIncludeTax} disabled={!canManage} /> Prices include tax
          </label>
        </div>
        <fieldset className="field" disabled={!canManage}>
          <legend>Capture the payment</legend>
          <label>
            <input type="radio" name="captureAt" value="CONFIRMATION" defaultChecked={settings.captureAt === "CONFIRMATION"} /> when the order is confirmed
          </label>
          <label>
            <input type="radio" name="captureAt" value="FULFILMENT" defaultChecked={settings.captureAt === "FULFILMENT"} /> when the order is fulfilled
          </label>
        </fieldset>
        {canManage ? (
          <button type="submit" className="button" disabled={save.isPending}>
            Save settings
          </button>
        ) : null}
      </form>
    </section>
  );
}
