import type { SandboxIntent } from "./sandbox-engine";
import { TEST_CARDS } from "./test-cards";

// The hosted payment page and the 3-D Secure challenge: plain server-rendered HTML forms (no script),
// each input with a visible label, errors announced through role="alert".

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function formatAmount(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
  } catch {
    return `${amount} ${currency.toUpperCase()}`;
  }
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;margin-top:1rem;font-weight:600}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font-size:1rem}.error{color:#a00020;font-weight:600}.hint{font-size:.85rem;color:#444}</style></head>
<body><main>${body}</main></body></html>`;
}

const hidden = (pi: SandboxIntent) => `<input type="hidden" name="client_secret" value="${escape(pi.client_secret)}">`;

export function paymentPage(pi: SandboxIntent, error?: string): string {
  const amount = formatAmount(pi.amount, pi.currency);
  if (pi.last_payment_error) {
    return layout("Payment declined", `<h1>Payment declined</h1><p role="alert" class="error">${escape(pi.last_payment_error.message)}</p>${backLink(pi)}`);
  }
  if (pi.status !== "requires_payment_method") return resultPage(pi);
  const err = error ? `<p role="alert" class="error" id="card-error">${escape(error)}</p>` : "";
  return layout(
    `Pay ${amount}`,
    `<h1>Pay ${escape(amount)}</h1>
<p>Bazaar payment sandbox — no real money moves.</p>${err}
<form method="post" action="/pay/${escape(pi.id)}">${hidden(pi)}
<label for="card-number">Card number</label>
<input id="card-number" name="card_number" inputmode="numeric" autocomplete="cc-number" required pattern="[0-9 ]{12,23}"${error ? ' aria-invalid="true" aria-describedby="card-error"' : ""}>
<label for="card-expiry">Expiry (MM/YY)</label>
<input id="card-expiry" name="expiry" autocomplete="cc-exp" required placeholder="12/34">
<label for="card-cvc">Security code</label>
<input id="card-cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required pattern="[0-9]{3,4}">
<button type="submit">Pay ${escape(amount)}</button>
</form>
<p class="hint">Test cards: ${TEST_CARDS.success} succeeds, ${TEST_CARDS.decline} is declined, ${TEST_CARDS.insufficientFunds} has insufficient funds,
${TEST_CARDS.threeDSecure} asks for 3-D Secure, ${TEST_CARDS.lateProcessor} is answered late.</p>`,
  );
}

export function challengePage(pi: SandboxIntent): string {
  if (pi.status !== "requires_action") return resultPage(pi);
  return layout(
    "3-D Secure",
    `<h1>Confirm this payment</h1><p>Your bank asks you to confirm a payment of ${escape(formatAmount(pi.amount, pi.currency))}.</p>
<form method="post" action="/pay/${escape(pi.id)}/3ds">${hidden(pi)}
<button type="submit" name="outcome" value="approve">Approve</button>
<button type="submit" name="outcome" value="fail">Fail authentication</button>
</form>`,
  );
}

function backLink(pi: SandboxIntent): string {
  if (!pi.return_url) return "";
  const url = new URL(pi.return_url);
  url.searchParams.set("payment_intent", pi.id);
  return `<p><a href="${escape(url.toString())}">Return to the shop</a></p>`;
}

export function resultPage(pi: SandboxIntent): string {
  const words: Record<string, string> = {
    requires_capture: "Payment authorized",
    succeeded: "Payment complete",
    processing: "Payment processing — your bank has not answered yet",
    canceled: "Payment canceled",
    requires_action: "Authentication required",
  };
  const title = words[pi.status] ?? "Payment";
  return layout(title, `<h1 data-status="${escape(pi.status)}">${escape(title)}</h1>${backLink(pi)}`);
}
