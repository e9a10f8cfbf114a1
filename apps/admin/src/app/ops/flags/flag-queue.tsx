"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { CursorPager, useCursorPages } from "../../cursor-pager";

type Flag = RouterOutputs["identity"]["listFlaggedIdentities"]["items"][number];
type Status = Flag["status"];

const RULE_LABELS: Record<string, string> = {
  "failed-logins-across-accounts": "Failed sign-ins across many accounts",
  "second-factor-burst": "Burst of wrong second-factor codes",
  "signups-per-address": "Many sign-ups from one address",
  "signups-per-device": "Many sign-ups from one device",
};

function subjectOf(flag: Flag): string {
  if (flag.subjectType === "USER") return flag.subjectUser ? `${flag.subjectUser.name} <${flag.subjectUser.email}>` : flag.subjectValue;
  return `${flag.subjectType === "ADDRESS" ? "Address" : "Device"} ${flag.subjectValue}`;
}

/** The review queue: open flags first; an operator clears or locks each with a note. */
export function FlagQueue({ canDecide }: { canDecide: boolean }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status>("OPEN");
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const list = useQuery({
    ...trpc.identity.listFlaggedIdentities.queryOptions({ status, limit: 25, ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="stack">
      <fieldset className="choice-group">
        <legend>Show</legend>
        {(["OPEN", "LOCKED", "CLEARED"] as const).map((s) => (
          <label key={s} className="choice">
            <input
              type="radio"
              name="flag-status"
              checked={status === s}
              onChange={() => {
                setStatus(s);
                pages.reset();
              }}
            />
            {s.toLowerCase()}
          </label>
        ))}
      </fieldset>
      <FormAlert error={list.error ? apiErrorOf(list.error) : null} />
      {list.data?.items.length === 0 ? <p className="form-notice">Nothing here.</p> : null}
      <ul className="stack" style={{ listStyle: "none", padding: 0 }} data-testid="flags">
        {list.data?.items.map((flag) => (
          <li key={flag.id}>
            <FlagCard flag={flag} canDecide={canDecide} />
          </li>
        ))}
      </ul>
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />
    </div>
  );
}

function FlagCard({ flag, canDecide }: { flag: Flag; canDecide: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const decide = useMutation(trpc.identity.decideFlag.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const decidable = canDecide && (flag.status === "OPEN" || flag.status === "LOCKED");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const decision = submitter?.value === "lock" ? "lock" : "clear";
    const note = String(new FormData(event.currentTarget).get("note") ?? "");
    setError(null);
    try {
      await decide.mutateAsync({ flagId: flag.id, decision, note });
      await queryClient.invalidateQueries({ queryKey: trpc.identity.listFlaggedIdentities.queryKey() });
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <article className="card" aria-label={`Flag: ${subjectOf(flag)}`}>
      <h2>
        {subjectOf(flag)}{" "}
        <span className="badge" data-tone={flag.status === "OPEN" ? "accent" : flag.status === "LOCKED" ? "bad" : "ok"}>
          {flag.status.toLowerCase()}
        </span>
      </h2>
      <dl className="facts">
        <dt>Rule</dt>
        <dd>{RULE_LABELS[flag.rule] ?? flag.rule}</dd>
        <dt>Raised</dt>
        <dd>{formatDateTime(flag.createdAt)}</dd>
        {flag.subjectUser ? (
          <>
            <dt>Account</dt>
            <dd>{flag.subjectUser.status.toLowerCase()}</dd>
          </>
        ) : null}
        {flag.decidedAt ? (
          <>
            <dt>Decided</dt>
            <dd>
              {formatDateTime(flag.decidedAt)}: {flag.decisionNote}
            </dd>
          </>
        ) : null}
      </dl>
      <details>
        <summary>Evidence</summary>
        <pre>{JSON.stringify(flag.evidence, null, 2)}</pre>
      </details>
      {decidable ? (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`note-${flag.id}`}>Note (why; kept in the audit log)</label>
            <textarea id={`note-${flag.id}`} name="note" rows={2} aria-invalid={Boolean(error?.fieldErrors.note)} />
            <FieldError message={error?.fieldErrors.note} />
          </div>
          <FormAlert error={error} />
          <p>
            <button type="submit" name="decision" value="clear" className="button button-secondary" disabled={decide.isPending}>
              {flag.status === "LOCKED" ? "Lift the lock" : "Clear"}
            </button>{" "}
            {flag.status === "OPEN" ? (
              <button type="submit" name="decision" value="lock" className="button button-danger" disabled={decide.isPending}>
                Lock
              </button>
            ) : null}
          </p>
        </form>
      ) : null}
    </article>
  );
}
