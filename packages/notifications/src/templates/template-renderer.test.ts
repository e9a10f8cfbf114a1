import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ChannelNotSupportedError, TemplateDataError, TemplatesIncompleteError, UnknownTemplateError } from "../errors";
import { templateCatalog, templateNames, type TemplateData, type TemplateName } from "./template-catalog";
import { createTemplateRenderer } from "./template-renderer";

const fixtures = (name: string) => fileURLToPath(new URL(`../../test-fixtures/${name}/`, import.meta.url));

/** Minimal valid data for every template: the typed map fails to compile when a template is added without one. */
const samples: { [T in TemplateName]: TemplateData<T> } = {
  welcome: { name: "Ada", storeName: "Ada's Attic", plan: "PRO", dashboardUrl: "https://admin.bazaar.test/dashboard" },
  "email-verification": {
    name: "Ada",
    verificationUrl: "https://bazaar.test/verify?token=abc",
    code: "481516",
    expiresInMinutes: 30,
  },
  "two-factor-code": { code: "234234", expiresInMinutes: 5 },
  "password-changed": { name: "Ada", changedAt: "2026-11-23T09:15:00.000Z", supportUrl: "https://bazaar.test/help" },
  "password-reset": { name: "Ada", resetUrl: "https://bazaar.test/reset-password?token=abc", expiresInMinutes: 60 },
  "staff-invitation": {
    tenantName: "Ada's Attic",
    inviterName: "Ada",
    role: "STAFF",
    acceptUrl: "https://admin.bazaar.test/invitations/accept?token=abc",
    expiresInDays: 7,
  },
  "low-stock": {
    productName: "Linen shirt",
    sku: "SHIRT-L-BLUE",
    locationName: "Main warehouse",
    quantity: 3,
    threshold: 5,
    inventoryUrl: "https://admin.bazaar.test/inventory/v1",
  },
  "order-confirmed": {
    orderNumber: "0b7c4a52-3a5e-4d0e-9a55-6f1f8a1e2d3c",
    total: "€41.53",
    sellers: "Acme Crafts, Bolt Books",
    statusUrl: "https://bazaar.test/orders/0b7c4a52-3a5e-4d0e-9a55-6f1f8a1e2d3c?token=abc",
  },
  "order-shipped": {
    orderNumber: "0b7c4a52-3a5e-4d0e-9a55-6f1f8a1e2d3c",
    sellerName: "Acme Crafts",
    trackingNumber: "TRACK-123",
    statusUrl: "https://bazaar.test/orders/0b7c4a52-3a5e-4d0e-9a55-6f1f8a1e2d3c?token=abc",
  },
  "order-refunded": {
    orderNumber: "0b7c4a52-3a5e-4d0e-9a55-6f1f8a1e2d3c",
    sellerName: "Bolt Books",
    amount: "€12.00",
    cancelled: true,
    statusUrl: "https://bazaar.test/orders/0b7c4a52-3a5e-4d0e-9a55-6f1f8a1e2d3c?token=abc",
  },
  "order-refund-failed": {
    orderNumber: "0b7c4a52-3a5e-4d0e-9a55-6f1f8a1e2d3c",
    sellerName: "Bolt Books",
    amount: "€12.00",
    statusUrl: "https://bazaar.test/orders/0b7c4a52-3a5e-4d0e-9a55-6f1f8a1e2d3c?token=abc",
  },
  "review-received": { subjectName: "Linen shirt", rating: 4, title: "Soft", published: false, reviewsUrl: "https://admin.bazaar.test/tenant/reviews" },
  "review-published": { name: "Ada", subjectName: "Linen shirt", rating: 5 },
  "review-rejected": { name: "Ada", subjectName: "Linen shirt", reason: "Links are not allowed." },
};

const renderer = createTemplateRenderer();

describe("shipped templates", () => {
  const cases = templateNames.flatMap((template) =>
    templateCatalog[template].channels.flatMap((channel) =>
      renderer.locales(template, channel).map((locale) => [template, channel, locale] as const),
    ),
  );

  it("cover every template on each of its channels", () => {
    for (const template of templateNames) {
      for (const channel of templateCatalog[template].channels) {
        expect(renderer.locales(template, channel), `${template} ${channel}`).toContain("en");
      }
    }
  });

  it.each(cases)("%s %s %s renders with only its required data", (template, channel, locale) => {
    const message = renderer.renderUnknown({ template, channel, locale, data: samples[template] });
    expect(message.locale).toBe(locale);
    if (message.channel === "SMS") {
      expect(message.text.length).toBeGreaterThan(0);
      // Keeps within one GSM-7 / two UCS-2 segments so a code never arrives split.
      expect(message.text.length).toBeLessThanOrEqual(140);
      return;
    }
    expect(message.subject).toMatch(/^\S.*\S$/);
    expect(message.subject).not.toMatch(/\n/);
    expect(message.text).toMatch(/\n$/);
    expect(message.html).toMatch(/^<!doctype html>/);
    expect(message.html).toContain(`<html lang="${locale}">`);
  });

  it("puts the verification link and code in both bodies", () => {
    const m = renderer.render({ template: "email-verification", channel: "EMAIL", data: samples["email-verification"] });
    expect(m.text).toContain("481516");
    expect(m.text).toContain("https://bazaar.test/verify?token=abc");
    expect(m.html).toContain("481516");
    // HTML-escaped like every value in HTML ('=' included); a browser reads the same URL.
    expect(m.html).toContain(`href="https://bazaar.test/verify?token&#x3D;abc"`);
    expect(m.subject).toBe("Verify your email address");
  });

  it("sends the 2FA code by SMS and in the email subject", () => {
    expect(renderer.render({ template: "two-factor-code", channel: "SMS", data: { code: "907112", expiresInMinutes: 10 } }).text).toBe(
      "Bazaar code: 907112. Expires in 10 min. Never share it.",
    );
    expect(renderer.render({ template: "two-factor-code", channel: "EMAIL", data: { code: "907112", expiresInMinutes: 10 } }).subject).toBe(
      "Your Bazaar sign-in code: 907112",
    );
  });

  it("escapes values in HTML but not in subject and text", () => {
    const m = renderer.render({
      template: "welcome",
      channel: "EMAIL",
      data: { ...samples.welcome, storeName: `<script>alert("x")</script> & Co` },
    });
    expect(m.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co");
    expect(m.html).not.toContain("<script>");
    expect(m.subject).toBe(`Welcome to Bazaar, <script>alert("x")</script> & Co is ready`);
    expect(m.text).toContain(`<script>alert("x")</script> & Co is ready`);
  });

  it("fills an optional field when given and leaves its sentence out when not", () => {
    const without = renderer.render({ template: "password-changed", channel: "EMAIL", data: samples["password-changed"] });
    expect(without.text).toContain("at 2026-11-23T09:15:00.000Z (UTC).");
    const withIp = renderer.render({
      template: "password-changed",
      channel: "EMAIL",
      data: { ...samples["password-changed"], ipAddress: "203.0.113.7" },
    });
    expect(withIp.text).toContain("(UTC) from 203.0.113.7.");
  });

  it("falls back from region to language to the default locale", () => {
    const data = samples["two-factor-code"];
    expect(renderer.render({ template: "two-factor-code", channel: "SMS", data, locale: "fr-CA" }).locale).toBe("fr");
    expect(renderer.render({ template: "two-factor-code", channel: "EMAIL", data, locale: "fr" }).subject).toBe(
      "Votre code de connexion Bazaar : 234234",
    );
    expect(renderer.render({ template: "two-factor-code", channel: "SMS", data, locale: "de-DE" }).locale).toBe("en");
    expect(renderer.render({ template: "welcome", channel: "EMAIL", data: samples.welcome, locale: "fr" }).locale).toBe("en");
  });
});

describe("bad requests", () => {
  it("names each missing variable in a TemplateDataError", () => {
    const attempt = () => renderer.renderUnknown({ template: "email-verification", channel: "EMAIL", data: { name: "Ada" } });
    expect(attempt).toThrow(TemplateDataError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({
        code: "NOTIFICATION_TEMPLATE_DATA_INVALID",
        retryable: false,
        missing: ["verificationUrl", "code", "expiresInMinutes"],
      });
    }
  });

  it("reports malformed values separately from missing ones", () => {
    try {
      renderer.renderUnknown({ template: "two-factor-code", channel: "SMS", data: { code: "12ab" } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateDataError);
      const e = error as TemplateDataError;
      expect(e.missing).toEqual(["expiresInMinutes"]);
      expect(e.message).toContain("code: six digits");
    }
  });

  it("treats non-object data as every variable missing", () => {
    expect(() => renderer.renderUnknown({ template: "two-factor-code", channel: "SMS", data: null })).toThrow(
      /missing variable\(s\) code, expiresInMinutes/,
    );
  });

  it("accepts only http(s) links", () => {
    for (const dashboardUrl of ["javascript:alert(1)", "data:text/html,<b>x</b>", "not a url"]) {
      expect(() => renderer.renderUnknown({ template: "welcome", channel: "EMAIL", data: { ...samples.welcome, dashboardUrl } })).toThrow(
        TemplateDataError,
      );
    }
  });

  it("refuses an unknown template and a channel the template does not have", () => {
    expect(() => renderer.renderUnknown({ template: "newsletter", channel: "EMAIL", data: {} })).toThrow(UnknownTemplateError);
    expect(() => renderer.renderUnknown({ template: "toString", channel: "EMAIL", data: {} })).toThrow(UnknownTemplateError);
    expect(() => renderer.renderUnknown({ template: "welcome", channel: "SMS", data: samples.welcome })).toThrow(ChannelNotSupportedError);
  });
});

describe("the engine", () => {
  const greeting = { greeting: { channels: ["EMAIL"] as const, data: z.object({ name: z.string() }) } };

  it("is strict: a variable the template uses but the data lacks is a TemplateDataError, not an empty string", () => {
    const strict = createTemplateRenderer({ dir: fixtures("strict"), catalog: greeting });
    try {
      strict.renderUnknown({ template: "greeting", channel: "EMAIL", data: { name: "Ada" } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateDataError);
      expect(error).toMatchObject({ template: "greeting", missing: ["surname"] });
    }
  });

  it("checks the template tree against the catalog when it loads", () => {
    const catalog = { ...greeting, farewell: { channels: ["EMAIL"] as const, data: z.object({}) } };
    try {
      createTemplateRenderer({ dir: fixtures("broken"), catalog });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TemplatesIncompleteError);
      const problems = (error as TemplatesIncompleteError).problems.map((p) => p.replace(/: Parse error .*/, ": Parse error")).sort();
      expect(problems).toEqual(
        [
          "email/_layout.html.hbs: missing",
          "email/en/greeting: missing html.hbs",
          "email/en/greeting/notes.txt: unexpected file",
          "email/en/greeting/text.hbs: Parse error",
          "email/en/unknown-template: no such template in the catalog",
          "farewell: no EMAIL version in the default locale \"en\"",
          "push/: not a channel (email, sms)",
          "sms/en/greeting: the catalog does not list SMS for greeting",
        ].sort(),
      );
    }
  });

  it("compiles each template once and reuses it", () => {
    const a = renderer.render({ template: "two-factor-code", channel: "SMS", data: { code: "111111", expiresInMinutes: 1 } });
    const b = renderer.render({ template: "two-factor-code", channel: "SMS", data: { code: "222222", expiresInMinutes: 2 } });
    expect(a.text).toContain("111111");
    expect(b.text).toContain("222222");
  });
});
