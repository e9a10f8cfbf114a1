"use client";

import { apiErrorOf } from "@bazaar/next-kit/api-error";
import { formatMoney } from "@bazaar/next-kit/format";
import { useTRPCClient } from "@bazaar/next-kit/react";
import { useId, useState, type FormEvent } from "react";

import { SellerTotals } from "./cart-totals";
import { problemText } from "./cart-text";
import type { CartView, CartWriteRef } from "./use-cart";
import { DataTableHead } from "../data-table-head";

type Seller = CartView["priced"]["sellers"][number];

interface Props {
  cart: CartView;
  seller: Seller;
  write: (mutation: (ref: CartWriteRef) => Promise<CartView>) => Promise<CartView>;
  /** The checkout page's summary: quantities are shown, not edited (the shipping choice stays). */
  readOnly?: boolean;
}

/** One seller's part of the cart: its lines, its shipping choice and its amounts. */
export function SellerGroup({ cart, seller, write, readOnly = false }: Props) {
  const client = useTRPCClient();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const currency = cart.currency ?? "EUR";
  const name = cart.sellerNames[seller.tenantId] ?? "Seller";

  async function run(mutation: (ref: CartWriteRef) => Promise<CartView>) {
    setBusy(true);
    setError(null);
    try {
      await write(mutation);
    } catch (cause) {
      const view = apiErrorOf(cause);
      setError(view.fieldErrors.quantity ?? view.message);
    } finally {
      setBusy(false);
    }
  }

  function setQuantity(event: FormEvent<HTMLFormElement>, variantId: string) {
    event.preventDefault();
    const quantity = Number(new FormData(event.currentTarget).get("quantity"));
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 99) return setError("Choose a quantity from 1 to 99.");
    void run((ref) => client.cart.setLine.mutate({ ...ref, variantId, quantity }));
  }

  return (
    <section className="card cart-seller" aria-labelledby={`${id}-heading`} data-testid="cart-seller">
      <h2 id={`${id}-heading`}>Sold by {name}</h2>
      <div className="table-scroll">
        <table className="data-table">
          <DataTableHead caption={`Items from ${name}`} columns={["Item", "Price", "Quantity", "Total"]} />
          <tbody>
            {seller.lines.map((line) => (
              <tr key={line.variantId} data-testid="cart-line">
                <td>
                  {line.title}
                  <br />
                  <small className="product-sku">SKU {line.sku}</small>
                  {line.problem ? <span className="field-error"> — {problemText(line.problem)}</span> : null}
                </td>
                <td>{formatMoney(line.unitPrice, currency)}</td>
                <td>
                  {readOnly ? (
                    line.quantity
                  ) : (
                    <form className="inline-form" onSubmit={(e) => setQuantity(e, line.variantId)} noValidate>
                      <div className="field">
                        <label htmlFor={`${id}-${line.variantId}`} className="sr-only">
                          Quantity of {line.title}
                        </label>
                        <input id={`${id}-${line.variantId}`} name="quantity" type="number" min={1} max={99} defaultValue={line.quantity} key={line.quantity} inputMode="numeric" />
                      </div>
                      <button type="submit" className="button-link" disabled={busy}>
                        Update<span className="sr-only"> quantity of {line.title}</span>
                      </button>
                      <button type="button" className="button-link" disabled={busy} onClick={() => void run((ref) => client.cart.setLine.mutate({ ...ref, variantId: line.variantId, quantity: 0 }))}>
                        Remove<span className="sr-only"> {line.title}</span>
                      </button>
                    </form>
                  )}
                </td>
                <td>{formatMoney(line.lineTotal, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {seller.shippingOptions.length > 0 ? (
        <fieldset className="choice-group" disabled={busy}>
          <legend>Shipping from {name}</legend>
          {seller.shippingOptions.map((option) => (
            <label key={option.code} className="choice">
              <input
                type="radio"
                name={`${id}-shipping`}
                value={option.code}
                checked={seller.shipping?.code === option.code}
                onChange={() => void run((ref) => client.cart.setShipping.mutate({ ...ref, tenantId: seller.tenantId, rateCode: option.code }))}
              />
              {option.name} — {formatMoney(option.amount, currency)}
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="field-error">{problemText("no-shipping-option")}</p>
      )}
      <SellerTotals seller={seller} currency={currency} />
      {error ? (
        <p role="alert" className="form-alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
