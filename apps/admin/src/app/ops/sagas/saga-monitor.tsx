"use client";

import type { RouterInputs } from "@bazaar/api";
import { apiErrorOf } from "@bazaar/next-kit/api-error";
import { FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime, formatMoney } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { CursorPager, useCursorPages } from "../../cursor-pager";
import { SagaDetail } from "./saga-detail";
import { sagaLabel, sagaTone } from "./saga-format";

type ListInput = RouterInputs["sagaOps"]["list"];
type View = NonNullable<ListInput["view"]>;
type Step = NonNullable<ListInput["step"]>;
type Filters = Pick<ListInput, "step" | "email" | "id">;

const VIEWS: readonly { view: View; label: string }[] = [
  { view: "stuck", label: "Stuck" },
  { view: "in-flight", label: "In flight" },
  { view: "compensated", label: "Compensated" },
  { view: "confirmed", label: "Confirmed" },
  { view: "all", label: "All" },
];
const STEPS: readonly Step[] = ["RESERVE", "AUTHORIZE", "AWAIT_PAYMENT", "CONFIRM", "CAPTURE", "VOID", "RELEASE", "DONE"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;


/** The saga monitor: a view's sagas, newest first, filtered; one opened below with its history. */
export function SagaMonitor({ canRetry }: { canRetry: boolean }) {
  const trpc = useTRPC();
  const [view, setView] = useState<View>("stuck");
  const [filters, setFilters] = useState<Filters>({});
  const [openId, setOpenId] = useState<string | null>(null);
  const pages = useCursorPages();
  const list = useQuery({
    ...trpc.sagaOps.list.queryOptions({ view, ...filters, limit: 25, ...(pages.cursor ? { cursor: pages.cursor } : {}) }),
    placeholderData: keepPreviousData,
  });

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    const id = value("id");
    setFilters({ step: value("step") as Step | undefined, email: value("email"), ...(id && UUID.test(id) ? { id } : {}) });
    pages.reset();
  }

  return (
    <div className="stack">
      <nav aria-label="Saga views">
        {VIEWS.map(({ view: v, label }) => (
          <button
            key={v}
            type="button"
            className={v === view ? "button" : "button button-secondary"}
            aria-pressed={v === view}
            onClick={() => {
              setView(v);
              pages.reset();
            }}
          >
            {label}
            {v !== "all" && list.data ? ` (${list.data.counts[v]})` : ""}
          </button>
        ))}
      </nav>
      <form onSubmit={apply} className="inline-form" aria-label="Filter sagas">
        <label>
          Step{" "}
          <select name="step" defaultValue="">
            <option value="">Any</option>
            {STEPS.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Shopper email <input name="email" />
        </label>
        <label>
          Saga or group id <input name="id" />
        </label>
        <button type="submit">Filter</button>
      </form>
      <FormAlert error={list.error ? apiErrorOf(list.error) : null} />
      <table className="data-table" data-testid="sagas">
        <thead>
          <tr>
            <th scope="col">Saga</th>
            <th scope="col">State</th>
            <th scope="col">Step</th>
            <th scope="col">Attempts</th>
            <th scope="col">Deadline</th>
            <th scope="col">Last error</th>
            <th scope="col">Shopper</th>
            <th scope="col">Total</th>
            <th scope="col">Placed</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.sagas.map((s) => (
            <tr key={s.id} aria-selected={s.id === openId}>
              <td>
                <button type="button" className="button-link" onClick={() => setOpenId(s.id)}>
                  {s.id}
                </button>
              </td>
              <td>
                <span className="badge" data-tone={sagaTone(s.state, s.stuck)}>
                  {sagaLabel(s.state, s.stuck)}
                </span>
              </td>
              <td>{s.step.toLowerCase()}</td>
              <td>{s.attempts}</td>
              <td>{formatDateTime(s.deadline)}</td>
              <td>{s.lastError}</td>
              <td>{s.email}</td>
              <td>
                {formatMoney(s.totalAmount, s.currency)} <small>({s.orders} orders)</small>
              </td>
              <td>{formatDateTime(s.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && list.data.sagas.length === 0 ? <p className="form-notice">No sagas in this view.</p> : null}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} labels={["Newer", "Older"]} />
      {openId ? <SagaDetail sagaId={openId} canRetry={canRetry} onClose={() => setOpenId(null)} /> : null}
    </div>
  );
}
