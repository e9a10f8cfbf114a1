"use client";

import type { RouterOutputs } from "@bazaar/api";
import { formatMoney } from "@bazaar/next-kit/format";

import { commissionText, limitText } from "../plan-format";

export type PlanOption = RouterOutputs["tenants"]["listPlans"][number];
export type PlanName = PlanOption["plan"];

/** Plans as radio cards: price, the three quotas and the commission, so the choice is informed. */
export function PlanCards({
  plans,
  value,
  onChange,
  name = "plan",
  current,
}: {
  plans: readonly PlanOption[];
  value: PlanName | null;
  onChange: (plan: PlanName) => void;
  name?: string;
  current?: PlanName;
}) {
  return (
    <div className="choice-cards" role="radiogroup" aria-label="Plan">
      {plans.map((p) => (
        <label key={p.plan} className="choice-card" data-testid={`plan-${p.plan}`}>
          <input type="radio" name={name} value={p.plan} checked={value === p.plan} onChange={() => onChange(p.plan)} />
          <strong>{p.name}</strong> {current === p.plan ? <span className="badge" data-tone="accent">current</span> : null}
          <small>
            {p.monthlyPrice.amountMinor === 0 ? "Free" : `${formatMoney(p.monthlyPrice.amountMinor, p.monthlyPrice.currency)} a month`}
          </small>
          <small>
            {limitText(p.limits.stores)} store{p.limits.stores === 1 ? "" : "s"} · {limitText(p.limits.products)} products ·{" "}
            {limitText(p.limits.staffSeats)} staff seats
          </small>
          <small>Commission {commissionText(p.commissionBps)} per order</small>
        </label>
      ))}
    </div>
  );
}
