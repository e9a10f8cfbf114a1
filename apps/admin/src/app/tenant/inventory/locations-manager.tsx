"use client";

import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";

import { SuccessNotice } from "../../success-notice";
import { useActionFeedback } from "../../use-action-feedback";
import { TableHead } from "../../table-head";

/** Stock locations: create, deactivate (stock there stops counting as available), reactivate. */
export function LocationsManager({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: locations } = useSuspenseQuery(trpc.inventory.listLocations.queryOptions({ includeInactive: true }));
  const create = useMutation(trpc.inventory.createLocation.mutationOptions());
  const update = useMutation(trpc.inventory.updateLocation.mutationOptions());
  const { error, notice, run } = useActionFeedback(() => queryClient.invalidateQueries({ queryKey: trpc.inventory.pathKey() }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get("name") ?? "").trim();
    const code = String(form.get("code") ?? "").trim();
    await run(() => create.mutateAsync({ name, code }), `Location ${name} created.`, () => formElement.reset());
  }

  return (
    <section className="card stack" aria-labelledby="locations-heading">
      <h2 id="locations-heading">Locations</h2>
      <FormAlert error={error} />
      <SuccessNotice message={notice} />
      <table className="data-table" data-testid="locations">
        <TableHead columns={["Name", "Code", "Status"]} action={canManage && "Action"} />
        <tbody>
          {locations.length === 0 ? (
            <tr>
              <td colSpan={4}>No locations yet: create one to hold stock.</td>
            </tr>
          ) : null}
          {locations.map((l) => (
            <tr key={l.id} data-code={l.code}>
              <td>{l.name}</td>
              <td>{l.code}</td>
              <td>
                <span className="badge" data-tone={l.active ? "ok" : "bad"}>
                  {l.active ? "active" : "inactive"}
                </span>
              </td>
              {canManage ? (
                <td>
                  <button
                    type="button"
                    className="button-link"
                    disabled={update.isPending}
                    aria-label={`${l.active ? "Deactivate" : "Reactivate"} ${l.name}`}
                    onClick={() => void run(() => update.mutateAsync({ locationId: l.id, active: !l.active }), `${l.name} ${l.active ? "deactivated" : "reactivated"}.`)}
                  >
                    {l.active ? "Deactivate" : "Reactivate"}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {canManage ? (
        <form className="inline-form" onSubmit={submit} noValidate aria-label="New location">
          <div className="field">
            <label htmlFor="location-name">Location name</label>
            <input id="location-name" name="name" maxLength={200} required aria-invalid={Boolean(error?.fieldErrors.name)} />
            <FieldError message={error?.fieldErrors.name} />
          </div>
          <div className="field">
            <label htmlFor="location-code">Location code</label>
            <input id="location-code" name="code" maxLength={63} required placeholder="main-warehouse" aria-invalid={Boolean(error?.fieldErrors.code)} />
            <FieldError message={error?.fieldErrors.code} />
          </div>
          <button type="submit" className="button" disabled={create.isPending}>
            Create location
          </button>
        </form>
      ) : null}
    </section>
  );
}
