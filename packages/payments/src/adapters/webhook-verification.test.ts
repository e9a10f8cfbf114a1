import { readFileSync } from "node:fs";
import { join } from "node:path";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { stripeSignatureHeader, verifyStripeSignature } from "../stripe-signature";
import { PaystackProvider, paystackSignature } from "./paystack.adapter";
import { SandboxProvider } from "./sandbox.adapter";
import { StripeProvider } from "./stripe.adapter";

// Webhook verification of every adapter on fixtures signed once with fixed secrets and timestamps
// (fixtures/signatures.json), so a change in how we read the raw body or the header shows up here.

const fixtures = join(import.meta.dirname, "..", "fixtures");
const raw = (name: string) => readFileSync(join(fixtures, name), "utf8");
const signed = JSON.parse(raw("signatures.json")) as { stripeWebhookSecret: string; paystackSecretKey: string; headers: Record<string, string> };
const at = (unix: number) => new Date(unix * 1000);

const stripe = new StripeProvider({ secretKey: "sk_test_unused_in_unit_tests", webhookSecret: signed.stripeWebhookSecret });
const sandbox = new SandboxProvider({ baseUrl: "http://127.0.0.1:1", webhookSecret: signed.stripeWebhookSecret });
const paystack = new PaystackProvider({ secretKey: signed.paystackSecretKey });

describe.each([
  ["stripe (official SDK, stripe.webhooks.constructEvent)", stripe],
  ["sandbox (our Stripe-Signature check)", sandbox],
] as const)("%s", (_name, provider) => {
  const body = raw("stripe-payment-intent-succeeded.json");
  const header = signed.headers["stripe-payment-intent-succeeded.json"]!;

  it("accepts the signed fixture and normalizes it", () => {
    expect(provider.parseAndVerifyWebhook(body, { "stripe-signature": header }, at(1764580805 + 10))).toEqual({
      ok: true,
      event: {
        provider: provider.name,
        id: "evt_3QfixtureSucceeded01",
        type: "payment_intent.succeeded",
        kind: "captured",
        providerPaymentId: "pi_3QfixtureIntent01",
        paymentRef: "6f1c0a52-2b1e-4d8a-9a51-3c3f1e0b7d21",
        status: "succeeded",
        amount: 4999,
        amountCaptured: 4999,
        amountRefunded: null,
        currency: "EUR",
        failureCode: null,
        nextActionUrl: null,
        occurredAt: at(1764580800),
      },
    });
  });

  it("reads a refund's running total from the charge", () => {
    const v = provider.parseAndVerifyWebhook(raw("stripe-charge-refunded.json"), { "stripe-signature": signed.headers["stripe-charge-refunded.json"] }, at(1764580905));
    expect(v).toMatchObject({ ok: true, event: { kind: "refunded", providerPaymentId: "pi_3QfixtureIntent01", amountRefunded: 1000 } });
  });

  it("refuses a body changed by one byte, a forged signature and a missing header", () => {
    expect(provider.parseAndVerifyWebhook(body.replace("4999", "4998"), { "stripe-signature": header }, at(1764580805))).toMatchObject({ ok: false, reason: "bad-signature" });
    expect(provider.parseAndVerifyWebhook(body, { "stripe-signature": stripeSignatureHeader("whsec_someone_else_entirely_123", body, 1764580805) }, at(1764580805))).toMatchObject({
      ok: false,
      reason: "bad-signature",
    });
    expect(provider.parseAndVerifyWebhook(body, {}, at(1764580805))).toMatchObject({ ok: false, reason: "missing-signature" });
  });

  it("refuses a correctly signed delivery older than 300 s (replay), accepts one at 299 s", () => {
    expect(provider.parseAndVerifyWebhook(body, { "stripe-signature": header }, at(1764580805 + 301))).toMatchObject({ ok: false, reason: "stale-timestamp" });
    expect(provider.parseAndVerifyWebhook(body, { "stripe-signature": header }, at(1764580805 + 299)).ok).toBe(true);
  });

  it("refuses a signed body that is not a Stripe event", () => {
    const junk = JSON.stringify({ hello: "world" });
    expect(provider.parseAndVerifyWebhook(junk, { "stripe-signature": stripeSignatureHeader(signed.stripeWebhookSecret, junk, 1764580805) }, at(1764580805))).toMatchObject({
      ok: false,
      reason: "malformed",
    });
  });
});

describe("the sandbox signs exactly as Stripe does", () => {
  it("Stripe's SDK accepts our header and we accept the SDK's test header", () => {
    const body = raw("stripe-payment-intent-succeeded.json");
    const ours = stripeSignatureHeader(signed.stripeWebhookSecret, body);
    expect(Stripe.webhooks.constructEvent(body, ours, signed.stripeWebhookSecret).id).toBe("evt_3QfixtureSucceeded01");
    const theirs = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: signed.stripeWebhookSecret });
    expect(verifyStripeSignature(signed.stripeWebhookSecret, body, theirs).ok).toBe(true);
  });
});

describe("paystack (x-paystack-signature, HMAC-SHA512 of the raw body)", () => {
  const body = raw("paystack-charge-success.json");
  const header = signed.headers["paystack-charge-success.json"]!;

  it("accepts the signed fixture and normalizes it", () => {
    expect(paystack.parseAndVerifyWebhook(body, { "x-paystack-signature": header })).toMatchObject({
      ok: true,
      event: {
        provider: "paystack",
        id: "charge.success:4099260516",
        kind: "captured",
        providerPaymentId: "authorize-6f1c0a52-2b1e-4d8a-9a51-3c3f1e0b7d21",
        paymentRef: "6f1c0a52-2b1e-4d8a-9a51-3c3f1e0b7d21",
        amount: 250000,
        amountCaptured: 250000,
        currency: "NGN",
      },
    });
  });

  it("refuses a changed body, another key's signature, a truncated and a missing signature", () => {
    expect(paystack.parseAndVerifyWebhook(body.replace("250000", "250001"), { "x-paystack-signature": header })).toMatchObject({ ok: false, reason: "bad-signature" });
    const other = new PaystackProvider({ secretKey: "sk_test_another_merchant_0123456789" });
    expect(other.parseAndVerifyWebhook(body, { "x-paystack-signature": header })).toMatchObject({ ok: false, reason: "bad-signature" });
    expect(paystack.parseAndVerifyWebhook(body, { "x-paystack-signature": header.slice(0, 64) })).toMatchObject({ ok: false, reason: "bad-signature" });
    expect(paystack.parseAndVerifyWebhook(body, {})).toMatchObject({ ok: false, reason: "missing-signature" });
  });

  it("normalizes a signed transfer.success into a settled payout named by our reference", () => {
    const transfer = raw("paystack-transfer-success.json");
    const transferHeader = signed.headers["paystack-transfer-success.json"]!;
    expect(paystack.parseAndVerifyWebhook(transfer, { "x-paystack-signature": transferHeader })).toMatchObject({
      ok: true,
      event: { id: "transfer.success:37272792", kind: "payout_paid", status: "paid", transferId: "TRF_fixture2f8a", payoutRef: "2f8a1c3e-5b6d-4e7f-8a9b-0c1d2e3f4a5b", amount: 13500, currency: "NGN", providerPaymentId: null },
    });
    // transfer.failed and transfer.reversed return the money; a reference that is not ours names no payout.
    const failed = transfer.replace('"transfer.success"', '"transfer.failed"').replace('"status":"success"', '"status":"failed"');
    expect(paystack.parseAndVerifyWebhook(failed, { "x-paystack-signature": paystackSignature(signed.paystackSecretKey, failed) })).toMatchObject({ ok: true, event: { kind: "payout_failed", status: "failed", failureCode: "failed" } });
    const reversed = transfer.replace('"transfer.success"', '"transfer.reversed"').replace("payout-2f8a", "refund-2f8a");
    expect(paystack.parseAndVerifyWebhook(reversed, { "x-paystack-signature": paystackSignature(signed.paystackSecretKey, reversed) })).toMatchObject({ ok: true, event: { kind: "payout_failed", failureCode: "reversed", payoutRef: null } });
    expect(paystack.parseAndVerifyWebhook(transfer.replace("13500", "13501"), { "x-paystack-signature": transferHeader })).toMatchObject({ ok: false, reason: "bad-signature" });
  });
});
