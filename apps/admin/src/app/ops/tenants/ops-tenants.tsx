"use client";

import type { RouterInputs, RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { CursorPager, useCursorPages } from "../../cursor-pager";
import { tenantTypeLabel } from "../../onboarding/tenant-types";
import { commissionText } from "../../plan-format";

type TenantRow = RouterOutputs["ops"]["listTenants"]["tenants"][number];
type StatusFilter = NonNullable<RouterInputs["ops"]["listTenants"]["status"]>;

const STATUSES: readonly StatusFilter[] = ["ACTIVE", "SUSPENDED", "PROVISIONING", "DELETED"];

export function OpsTenants({ canChange }: { canChange: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<StatusFilter | "">("");
  const [search, setSearch] = useState("");
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const input = { limit: 25, ...(status ? { status } : {}), ...(search.trim() ? { search: search.trim() } : {}), ...(cursor ? { cursor } : {}) };
  const list = useQuery({ ...trpc.ops.listTenants.queryOptions(input), placeholderData: keepPreviousData });
  const suspend = useMutation(trpc.ops.suspendTenant.mutationOptions());
  const reactivate = useMutation(trpc.ops.reactivateTenant.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [suspending, setSuspending] = useState<TenantRow | null>(null);

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: trpc.ops.listTenants.queryKey() });
      return true;
    } catch (cause) {
      setError(apiErrorOf(cause));
      return false;
    }
  }

  async function submitSuspend(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!suspending) return;
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "");
    if (await run(() => suspend.mutateAsync({ tenantId: suspending.id, reason }))) setSuspending(null);
  }

  return (
    <div className="stack">
      <form className="inline-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="tenant-search">Name or address</label>
          <input
            id="tenant-search"
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              pages.reset();
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="tenant-status">Status</label>
          <select
            id="tenant-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as StatusFilter | "");
              pages.reset();
            }}
          >
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
      </form>
      <FormAlert error={error ?? (list.error ? apiErrorOf(list.error) : null)} />

      {suspending ? (
        <form className="card" onSubmit={submitSuspend} noValidate aria-labelledby="suspend-heading">
          <h2 id="suspend-heading">Suspend {suspending.name}</h2>
          <p className="form-notice">Its storefront disappears and its staff can no longer change anything until it is reactivated.</p>
          <div className="field">
            <label htmlFor="suspend-reason">Reason (kept in the tenant&apos;s audit log)</label>
            <textarea id="suspend-reason" name="reason" rows={2} aria-invalid={Boolean(error?.fieldErrors.reason)} />
            <FieldError message={error?.fieldErrors.reason} />
          </div>
          <p>
            <button type="submit" className="button button-danger" disabled={suspend.isPending}>
              Suspend
            </button>{" "}
            <button type="button" className="button-link" onClick={() => setSuspending(null)}>
              Cancel
            </button>
          </p>
        </form>
      ) : null}

      <table className="data-table" data-testid="ops-tenants">
        <thead>
          <tr>
            <th scope="col">Tenant</th>
            <th scope="col">Type</th>
            <th scope="col">Plan</th>
            <th scope="col">Stores</th>
            <th scope="col">Staff</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            {canChange ? (
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {list.data?.tenants.map((t) => (
            <tr key={t.id}>
              <td>
                <strong>{t.name}</strong>
                <br />
                <small>{t.slug}</small>
              </td>
              <td>{tenantTypeLabel(t.type)}</td>
              <td>
                {t.plan} <small>({commissionText(t.commissionBps)})</small>
              </td>
              <td>{t.stores}</td>
              <td>{t.staffSeats}</td>
              <td>
                <span className="badge" data-tone={t.status === "ACTIVE" ? "ok" : "bad"}>
                  {t.status.toLowerCase()}
                </span>
              </td>
              <td>{formatDateTime(t.createdAt)}</td>
              {canChange ? (
                <td>
                  {t.status === "ACTIVE" ? (
                    <button type="button" className="button-link" onClick={() => setSuspending(t)}>
                      Suspend
                    </button>
                  ) : t.status === "SUSPENDED" ? (
                    <button type="button" className="button-link" disabled={reactivate.isPending} onClick={() => void run(() => reactivate.mutateAsync({ tenantId: t.id }))}>
                      Reactivate
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && list.data.tenants.length === 0 ? <p className="form-notice">No tenants match.</p> : null}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} labels={["Previous", "Next"]} />
    </div>
  );
}
