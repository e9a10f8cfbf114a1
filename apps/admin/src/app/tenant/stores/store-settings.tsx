"use client";

import { useTRPC } from "@bazaar/next-kit/react";
import { useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";

import { DomainsPanel } from "./domains-panel";
import { ThemeEditor } from "./theme-editor";
import { StoreSelect } from "../store-select";

/** Pick a store (most sellers have one), then its theme and its custom domains. */
export function StoreSettings({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const { data: stores } = useSuspenseQuery(trpc.stores.list.queryOptions());
  const [storeId, setStoreId] = useState(stores[0]?.id ?? null);
  const store = stores.find((s) => s.id === storeId);
  if (!store) return <p>This tenant has no store yet.</p>;
  return (
    <div className="stack">
      {stores.length > 1 ? (
        <StoreSelect id="store-pick" label="Store" stores={stores} value={store.id} onChange={(e) => setStoreId(e.target.value)} />
      ) : null}
      <p>
        <strong>{store.name}</strong> · address <code>{store.slug}</code>
        {store.customDomain ? (
          <>
            {" "}
            · custom domain <code>{store.customDomain}</code>
          </>
        ) : null}
      </p>
      <ThemeEditor key={store.id} store={store} canEdit={canEdit} />
      <DomainsPanel key={`domains-${store.id}`} storeId={store.id} canEdit={canEdit} />
    </div>
  );
}
