"use client";

import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";

import { SuccessNotice } from "../../success-notice";
import { useActionFeedback } from "../../use-action-feedback";

/**
 * Custom domains: claim a host name, create the TXT record shown at your DNS provider, verify (a real
 * DNS lookup by the API). The first verified domain becomes the store's address.
 */
export function DomainsPanel({ storeId, canEdit }: { storeId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: all } = useSuspenseQuery(trpc.stores.listDomains.queryOptions({}));
  const claim = useMutation(trpc.stores.claimDomain.mutationOptions());
  const verify = useMutation(trpc.stores.verifyDomain.mutationOptions());
  const remove = useMutation(trpc.stores.removeDomain.mutationOptions());
  const { error, notice, run } = useActionFeedback(() => queryClient.invalidateQueries({ queryKey: trpc.stores.pathKey() }));
  const domains = all.filter((d) => d.storeId === storeId);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const hostname = String(new FormData(formElement).get("hostname") ?? "").trim();
    await run(() => claim.mutateAsync({ storeId, hostname }), `${hostname} claimed: create its TXT record, then verify.`, () => formElement.reset());
  }

  return (
    <section className="card stack" aria-labelledby="domains-heading">
      <h2 id="domains-heading">Custom domains</h2>
      <FormAlert error={error} />
      <SuccessNotice message={notice} />
      {domains.length === 0 ? <p>No custom domain yet: shoppers reach the store at its Bazaar address.</p> : null}
      <ul className="stack" data-testid="domains">
        {domains.map((d) => (
          <li key={d.id} className="card" data-hostname={d.hostname}>
            <p>
              <strong>{d.hostname}</strong>{" "}
              <span className="badge" data-tone={d.status === "VERIFIED" ? "ok" : "accent"} data-testid="domain-status">
                {d.status === "VERIFIED" ? "verified" : "waiting for DNS"}
              </span>
              {d.verifiedAt ? <small> since {formatDateTime(d.verifiedAt)}</small> : null}
            </p>
            {d.status === "PENDING" ? (
              <>
                <p>At your DNS provider, create this record, then verify (DNS changes can take a while to show):</p>
                <dl className="facts" data-testid="dns-record">
                  <dt>Type</dt>
                  <dd>
                    <code>{d.dnsRecord.type}</code>
                  </dd>
                  <dt>Name</dt>
                  <dd>
                    <code>{d.dnsRecord.name}</code>
                  </dd>
                  <dt>Value</dt>
                  <dd>
                    <code>{d.dnsRecord.value}</code>
                  </dd>
                </dl>
              </>
            ) : null}
            {canEdit ? (
              <p className="inline-form">
                {d.status === "PENDING" ? (
                  <button type="button" className="button" disabled={verify.isPending} onClick={() => void run(() => verify.mutateAsync({ domainId: d.id }), `${d.hostname} is verified.`)}>
                    Verify {d.hostname}
                  </button>
                ) : null}
                <button type="button" className="button-link" disabled={remove.isPending} onClick={() => void run(() => remove.mutateAsync({ domainId: d.id }), `${d.hostname} removed.`)}>
                  Remove {d.hostname}
                </button>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form className="inline-form" onSubmit={submit} noValidate aria-label="Claim a domain">
          <div className="field">
            <label htmlFor="domain-hostname">Host name</label>
            <input id="domain-hostname" name="hostname" placeholder="shop.example.com" maxLength={253} aria-invalid={Boolean(error?.fieldErrors.hostname)} />
            <FieldError message={error?.fieldErrors.hostname} />
          </div>
          <button type="submit" className="button" disabled={claim.isPending}>
            Claim domain
          </button>
        </form>
      ) : null}
    </section>
  );
}
