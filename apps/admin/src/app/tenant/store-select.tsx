import type { RouterOutputs } from "@bazaar/api";
import type { SelectHTMLAttributes } from "react";

type Store = RouterOutputs["stores"]["list"][number];

/** A labelled choice of the tenant's stores (controlled or not, as the caller passes value or defaultValue). */
export function StoreSelect({ id, label, stores, ...select }: { id: string; label: string; stores: Store[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>
        {stores.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
