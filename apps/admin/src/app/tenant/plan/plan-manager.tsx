"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";

import { PlanCards, type PlanName } from "../../onboarding/plan-cards";
import { UsageTable } from "../usage-summary";

/** Usage against the current plan; the owner may move to another plan (a downgrade that does not fit is refused). */
export function PlanManager({ canChange }: { canChange: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: usage } = useSuspenseQuery(trpc.tenants.getUsage.queryOptions());
  const { data: plans } = useSuspenseQuery(trpc.tenants.listPlans.queryOptions());
  const change = useMutation(trpc.tenants.changePlan.mutationOptions());
  const [choice, setChoice] = useState<PlanName>(usage.plan);
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function submit() {
    setError(null);
    setNotice(null);
    try {
      const result = await change.mutateAsync({ plan: choice });
      queryClient.setQueryData(trpc.tenants.getUsage.queryKey(), result);
      setNotice(result.changed ? `You are now on the ${choice} plan.` : `You are already on the ${choice} plan.`);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <div className="stack">
      <section className="card" aria-labelledby="usage-heading">
        <h2 id="usage-heading">Usage</h2>
        <UsageTable usage={usage} />
      </section>
      <section className="card" aria-labelledby="plans-heading">
        <h2 id="plans-heading">Plans</h2>
        <PlanCards plans={plans.filter((p) => p.selfServe || p.plan === usage.plan)} value={choice} onChange={setChoice} current={usage.plan} />
        <FormAlert error={error} />
        {notice ? <p role="status" className="form-success">{notice}</p> : null}
        {canChange ? (
          <button type="button" className="button" disabled={change.isPending || choice === usage.plan} onClick={() => void submit()}>
            {change.isPending ? "Changing…" : `Switch to ${plans.find((p) => p.plan === choice)?.name ?? choice}`}
          </button>
        ) : (
          <p className="form-notice">Only the tenant&apos;s owner can change its plan.</p>
        )}
      </section>
    </div>
  );
}
