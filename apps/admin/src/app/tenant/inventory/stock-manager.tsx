"use client";

import { useTRPC } from "@bazaar/next-kit/react";
import { skipToken, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";

import { MovementHistory } from "./movement-history";
import { StockForm } from "./stock-form";

/**
 * One product's stock: variants × active locations (on hand, reserved, available), a low-stock badge
 * on variants at or below their threshold, the receive/adjust form, and a level's movement history.
 */
export function StockManager({ productId, canManage }: { productId: string | null; canManage: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const { data: products } = useSuspenseQuery(trpc.catalog.listProducts.queryOptions({ limit: 100 }));
  const { data: locations } = useSuspenseQuery(trpc.inventory.listLocations.queryOptions({ includeInactive: true }));
  const product = useQuery(trpc.catalog.getProduct.queryOptions(productId ? { productId } : skipToken));
  const levels = useQuery(trpc.inventory.listLevels.queryOptions(productId ? { productId, lowStockOnly: false, limit: 200 } : skipToken));
  const [history, setHistory] = useState<{ variantId: string; locationId: string; label: string } | null>(null);
  const active = locations.filter((l) => l.active);
  const levelOf = (variantId: string, locationId: string) => levels.data?.levels.find((l) => l.variantId === variantId && l.locationId === locationId);

  return (
    <section className="card stack" aria-labelledby="stock-heading">
      <h2 id="stock-heading">Stock</h2>
      <div className="field">
        <label htmlFor="stock-product">Product</label>
        <select
          id="stock-product"
          value={productId ?? ""}
          onChange={(e) => {
            setHistory(null);
            router.push(e.target.value ? `${pathname}?product=${e.target.value}` : pathname);
          }}
        >
          <option value="">Choose a product…</option>
          {products.items.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </div>
      {product.data ? (
        <>
          {active.length === 0 ? <p className="form-notice">Create a location below before receiving stock.</p> : null}
          <table className="data-table" data-testid="stock-levels">
            <thead>
              <tr>
                <th scope="col">Variant</th>
                {active.map((l) => (
                  <th key={l.id} scope="col">
                    {l.name}
                  </th>
                ))}
                <th scope="col">Available in total</th>
              </tr>
            </thead>
            <tbody>
              {product.data.variants.map((v) => {
                const total = active.reduce((sum, l) => sum + (levelOf(v.id, l.id)?.available ?? 0), 0);
                const low = v.lowStockThreshold !== null && total <= v.lowStockThreshold;
                return (
                  <tr key={v.id} data-sku={v.sku}>
                    <th scope="row">
                      {v.title || v.sku} <small>{v.sku}</small>{" "}
                      {low ? (
                        <span className="badge" data-tone="bad" data-testid="low-stock-badge">
                          low stock
                        </span>
                      ) : null}
                    </th>
                    {active.map((l) => {
                      const level = levelOf(v.id, l.id);
                      return (
                        <td key={l.id} data-location={l.code}>
                          {level ? (
                            <>
                              <span data-testid="on-hand">{level.onHand}</span> on hand · {level.reserved} reserved · <strong>{level.available}</strong> available{" "}
                              <button
                                type="button"
                                className="button-link"
                                aria-label={`History of ${v.sku} at ${l.name}`}
                                onClick={() => setHistory({ variantId: v.id, locationId: l.id, label: `${v.sku} at ${l.name}` })}
                              >
                                History
                              </button>
                            </>
                          ) : (
                            "none yet"
                          )}
                        </td>
                      );
                    })}
                    <td data-testid="variant-available">
                      {total}
                      {v.lowStockThreshold !== null ? <small> (threshold {v.lowStockThreshold})</small> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {canManage && active.length > 0 ? <StockForm variants={product.data.variants} locations={active} /> : null}
          {history ? <MovementHistory key={`${history.variantId}:${history.locationId}`} {...history} /> : null}
        </>
      ) : productId ? (
        <p>Loading…</p>
      ) : null}
    </section>
  );
}
