"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime, formatMoney } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { sagaLabel, sagaTone } from "./saga-format";

/** One saga: where it stands, its step history, the orders per seller, the payment, and the retry. */
export function SagaDetail({ sagaId, canRetry, onClose }: { sagaId: string; canRetry: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.sagaOps.get.queryOptions({ sagaId }));
  const retry = useMutation(trpc.sagaOps.retry.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const saga = detail.data;

  async function submitRetry(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!saga) return;
    const form = event.currentTarget;
    const reason = String(new FormData(form).get("reason") ?? "");
    setError(null);
    setNotice(null);
    try {
      await retry.mutateAsync({ sagaId: saga.id, expectedVersion: saga.version, reason });
      setNotice("Deadline re-armed: the resumer takes this saga on its next pass.");
      form.reset();
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
    // Whether it worked or a worker moved the saga first, show where it stands now.
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.sagaOps.get.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.sagaOps.list.queryKey() }),
    ]);
  }

  return (
    <section className="card stack" aria-labelledby="saga-heading" data-testid="saga-detail">
      <h2 id="saga-heading">Saga {sagaId}</h2>
      <FormAlert error={detail.error ? apiErrorOf(detail.error) : null} />
      {saga ? (
        <>
          <dl>
            <dt>State</dt>
            <dd>
              <span className="badge" data-tone={sagaTone(saga.state, saga.stuck)} data-testid="saga-state">
                {sagaLabel(saga.state, saga.stuck)}
              </span>
            </dd>
            <dt>Step</dt>
            <dd data-testid="saga-step">{saga.step.toLowerCase()}</dd>
            <dt>Attempts at this step</dt>
            <dd data-testid="saga-attempts">{saga.attempts}</dd>
            <dt>Deadline</dt>
            <dd>{formatDateTime(saga.deadline)}</dd>
            {saga.lastError ? (
              <>
                <dt>Last error</dt>
                <dd>{saga.lastError}</dd>
              </>
            ) : null}
            <dt>Shopper</dt>
            <dd>
              {saga.group.email}, group {saga.group.id} ({saga.group.status.toLowerCase()})
            </dd>
          </dl>

          <h3>Step history</h3>
          <table className="data-table" data-testid="saga-history">
            <thead>
              <tr>
                <th scope="col">At</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {saga.history.map((h, i) => (
                <tr key={i}>
                  <td>{formatDateTime(h.at)}</td>
                  <td>{h.from.toLowerCase()}</td>
                  <td>{h.to.toLowerCase()}</td>
                  <td>{h.note}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>Orders</h3>
          <table className="data-table" data-testid="saga-orders">
            <thead>
              <tr>
                <th scope="col">Seller</th>
                <th scope="col">Order</th>
                <th scope="col">Status</th>
                <th scope="col">Total</th>
                <th scope="col">Capture</th>
              </tr>
            </thead>
            <tbody>
              {saga.orders.map((o) => (
                <tr key={o.id}>
                  <td>{o.tenantName ?? o.tenantId}</td>
                  <td>{o.id}</td>
                  <td>{o.status.toLowerCase().replaceAll("_", " ")}</td>
                  <td>{formatMoney(o.totalAmount, o.currency)}</td>
                  <td>at {o.captureAt.toLowerCase()}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3>Payment</h3>
          {saga.payment ? (
            <p data-testid="saga-payment">
              {saga.payment.provider} {saga.payment.status.toLowerCase()}: {formatMoney(saga.payment.amount, saga.payment.currency)}, captured{" "}
              {formatMoney(saga.payment.capturedAmount, saga.payment.currency)}, refunded {formatMoney(saga.payment.refundedAmount, saga.payment.currency)}
              {saga.payment.failureCode ? ` (${saga.payment.failureCode})` : ""}
            </p>
          ) : (
            <p data-testid="saga-payment">No payment yet.</p>
          )}

          {canRetry && (saga.state === "RUNNING" || saga.state === "COMPENSATING") ? (
            <form onSubmit={submitRetry} noValidate aria-label="Retry saga" className="stack">
              <FormAlert error={error} />
              {notice ? <p className="form-notice">{notice}</p> : null}
              <div className="field">
                <label htmlFor="retry-reason">Reason for the retry (kept in the saga&apos;s history and the audit log)</label>
                <textarea id="retry-reason" name="reason" rows={2} aria-invalid={Boolean(error?.fieldErrors.reason)} />
                <FieldError message={error?.fieldErrors.reason} />
              </div>
              <p>
                <button type="submit" className="button" disabled={retry.isPending}>
                  Retry now
                </button>
              </p>
            </form>
          ) : notice ? (
            <p className="form-notice">{notice}</p>
          ) : null}
        </>
      ) : null}
      <p>
        <button type="button" className="button-link" onClick={onClose}>
          Close
        </button>
      </p>
    </section>
  );
}
