"use client";

import { useTRPC } from "@bazaar/next-kit/react";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";

/** Variants at or below their threshold (available over every active location). */
export function LowStockList() {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.inventory.listLevels.queryOptions({ lowStockOnly: true, limit: 50 }));
  return (
    <section className="card" aria-labelledby="low-stock-heading" data-testid="low-stock">
      <h2 id="low-stock-heading">Low stock</h2>
      {data.levels.length === 0 ? (
        <p>No variant is at or below its low-stock threshold.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Location</th>
              <th scope="col">Available here</th>
              <th scope="col">Available in total</th>
              <th scope="col">Threshold</th>
            </tr>
          </thead>
          <tbody>
            {data.levels.map((l) => (
              <tr key={l.id}>
                <td>
                  <Link href={`/tenant/inventory?product=${l.productId}`}>{l.sku}</Link> <span className="badge" data-tone="bad">low stock</span>
                </td>
                <td>{l.locationCode}</td>
                <td>{l.available}</td>
                <td>{l.variantAvailable}</td>
                <td>{l.threshold}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
