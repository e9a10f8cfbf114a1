"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf } from "@bazaar/next-kit/api-error";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTransition } from "react";

import { selectTenant } from "../../tenant-actions";
import { tenantTypeLabel } from "../tenant-types";

type Status = RouterOutputs["tenants"]["getOnboardingStatus"];

const POLL_MS = 1_000;
const TERMINAL = new Set(["COMPLETED", "FAILED"]);

const STEP_LABELS = [
  { key: "createdAt", label: "Request received" },
  { key: "provisionedAt", label: "Tenant and its first store provisioned" },
  { key: "linkedAt", label: "You are linked as the owner" },
  { key: "completedAt", label: "Welcome email sent" },
] as const;

/** Follows the onboarding saga (tenants.getOnboardingStatus, polled) until it completes or fails. */
export function OnboardingProgress({ requestId }: { requestId: string }) {
  const trpc = useTRPC();
  const status = useQuery({
    ...trpc.tenants.getOnboardingStatus.queryOptions({ requestId }),
    refetchInterval: (query) => (query.state.data && TERMINAL.has(query.state.data.status) ? false : POLL_MS),
    staleTime: 0,
  });

  if (status.error && !status.data) return <p role="alert" className="form-alert">{apiErrorOf(status.error).message}</p>;
  if (!status.data) return <p className="lead">Loading…</p>;
  return <ProgressView status={status.data} />;
}

function ProgressView({ status }: { status: Status }) {
  const failed = status.status === "FAILED" || status.status === "COMPENSATING";
  const firstOpen = STEP_LABELS.findIndex((s) => !status[s.key]);

  return (
    <section className="card" aria-labelledby="progress-heading" data-testid="onboarding-progress">
      <h2 id="progress-heading">
        {status.name}{" "}
        <span className="badge" data-tone={status.status === "COMPLETED" ? "ok" : failed ? "bad" : "accent"} data-testid="onboarding-status">
          {status.status.toLowerCase()}
        </span>
      </h2>
      <p className="form-notice">
        {tenantTypeLabel(status.type)} on the {status.plan} plan, at <code>{status.slug}</code>.
      </p>
      <ol className="steps" aria-live="polite">
        {STEP_LABELS.map((step, i) => {
          const at = status[step.key];
          const state = at ? "done" : failed && i === firstOpen ? "failed" : i === firstOpen ? "active" : "waiting";
          return (
            <li key={step.key} data-state={state}>
              {step.label}
              {at ? <small> · {formatDateTime(at)}</small> : null}
            </li>
          );
        })}
      </ol>
      {status.status === "COMPLETED" && status.tenantId ? <Completed tenantId={status.tenantId} name={status.name} /> : null}
      {status.status === "COMPENSATING" ? <p>Setting up failed; undoing the steps already taken…</p> : null}
      {status.status === "FAILED" ? (
        <div role="alert">
          <p className="form-alert">
            Your tenant could not be set up{status.failureReason ? `: ${status.failureReason}` : "."}
            {status.failureDetail ? ` (${status.failureDetail})` : null}
          </p>
          <p>
            Nothing was kept from this attempt. <Link href="/onboarding">Try again</Link>
          </p>
        </div>
      ) : null}
    </section>
  );
}

function Completed({ tenantId, name }: { tenantId: string; name: string }) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  return (
    <p>
      <span className="form-success">{name} is ready.</span>{" "}
      <button
        type="button"
        className="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            queryClient.clear();
            await selectTenant(tenantId, "/");
          })
        }
      >
        Open your dashboard
      </button>
    </p>
  );
}
