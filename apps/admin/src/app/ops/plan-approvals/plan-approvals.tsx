"use client";

import type { RouterInputs, RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { CursorPager, useCursorPages } from "../../cursor-pager";

type Approval = RouterOutputs["ops"]["listPlanApprovals"]["approvals"][number];
type Status = Approval["status"];
type Decision = RouterInputs["ops"]["decidePlanApproval"]["decision"];

const STATUSES: readonly Status[] = ["PENDING", "APPROVED", "REJECTED"];

/** Plan requests by status, oldest first; operators approve or reject a pending one with a note. */
export function PlanApprovals({ canDecide }: { canDecide: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>("PENDING");
  const [deciding, setDeciding] = useState<Approval | null>(null);
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const pages = useCursorPages();
  const list = useQuery({
    ...trpc.ops.listPlanApprovals.queryOptions({ status, limit: 25, ...(pages.cursor ? { cursor: pages.cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  const decide = useMutation(trpc.ops.decidePlanApproval.mutationOptions());

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!deciding) return;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const decision = (submitter?.value ?? "reject") as Decision;
    const note = String(new FormData(event.currentTarget).get("note") ?? "").trim();
    setError(null);
    setNotice(null);
    try {
      const decided = await decide.mutateAsync({ approvalId: deciding.id, decision, ...(note ? { note } : {}) });
      setNotice(`${decided.plan} for tenant ${decided.tenantId}: ${decided.status.toLowerCase()}.`);
      setDeciding(null);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
    await queryClient.invalidateQueries({ queryKey: trpc.ops.listPlanApprovals.queryKey() });
  }

  return (
    <div className="stack">
      <div className="field">
        <label htmlFor="approval-status">Status</label>
        <select
          id="approval-status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as Status);
            setDeciding(null);
            pages.reset();
          }}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      <FormAlert error={error ?? (list.error ? apiErrorOf(list.error) : null)} />
      {notice ? <p className="form-notice">{notice}</p> : null}

      {deciding ? (
        <form className="card" onSubmit={submit} noValidate aria-labelledby="decide-heading">
          <h2 id="decide-heading">
            {deciding.plan} for tenant {deciding.tenantId}
          </h2>
          {deciding.note ? <p>The owner wrote: {deciding.note}</p> : null}
          <div className="field">
            <label htmlFor="decision-note">Note (kept with the request and in the tenant&apos;s audit log)</label>
            <textarea id="decision-note" name="note" rows={2} aria-invalid={Boolean(error?.fieldErrors.note)} />
            <FieldError message={error?.fieldErrors.note} />
          </div>
          <p>
            <button type="submit" name="decision" value="approve" className="button" disabled={decide.isPending}>
              Approve
            </button>{" "}
            <button type="submit" name="decision" value="reject" className="button button-danger" disabled={decide.isPending}>
              Reject
            </button>{" "}
            <button type="button" className="button-link" onClick={() => setDeciding(null)}>
              Cancel
            </button>
          </p>
        </form>
      ) : null}

      <table className="data-table" data-testid="plan-approvals">
        <thead>
          <tr>
            <th scope="col">Tenant</th>
            <th scope="col">Plan</th>
            <th scope="col">Owner&apos;s note</th>
            <th scope="col">Requested</th>
            <th scope="col">Status</th>
            <th scope="col">Decision</th>
            {canDecide ? (
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {list.data?.approvals.map((a) => (
            <tr key={a.id}>
              <td>{a.tenantId}</td>
              <td>{a.plan}</td>
              <td>{a.note}</td>
              <td>{formatDateTime(a.createdAt)}</td>
              <td>
                <span className="badge" data-tone={a.status === "APPROVED" ? "ok" : a.status === "REJECTED" ? "bad" : undefined}>
                  {a.status.toLowerCase()}
                </span>
              </td>
              <td>{a.decidedAt ? `${formatDateTime(a.decidedAt)}${a.decisionNote ? `: ${a.decisionNote}` : ""}` : ""}</td>
              {canDecide ? (
                <td>
                  {a.status === "PENDING" ? (
                    <button type="button" className="button-link" onClick={() => setDeciding(a)}>
                      Decide
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && list.data.approvals.length === 0 ? <p className="form-notice">No {status.toLowerCase()} requests.</p> : null}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} labels={["Previous", "Next"]} />
    </div>
  );
}
