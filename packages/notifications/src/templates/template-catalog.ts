import { z } from "zod";

export const channels = ["EMAIL", "SMS"] as const;
export type Channel = (typeof channels)[number];

const code = z.string().regex(/^\d{6}$/, "six digits");
const minutes = z.number().int().min(1).max(24 * 60);
const name = z.string().trim().min(1).max(200);
/** Links land in href attributes: only http(s), never javascript: or data:. */
const link = z.url({ protocol: /^https?$/ });

/**
 * Every template: the channels it exists on and the data it needs. The schema is the template's contract
 * with its callers (their `data` is typed from it); the files under templates/ may use only these fields,
 * which the template engine's strict mode enforces. Optional fields are `nullable().default(null)` so a
 * strict-mode lookup always finds the key.
 */
export const templateCatalog = {
  /** A seller finished onboarding (tenant provisioned). */
  welcome: {
    channels: ["EMAIL"],
    data: z.object({
      name,
      storeName: name,
      plan: z.enum(["FREE", "PRO", "ENTERPRISE"]),
      dashboardUrl: link,
    }),
  },
  "email-verification": {
    channels: ["EMAIL"],
    data: z.object({
      name,
      verificationUrl: link,
      code,
      expiresInMinutes: minutes,
    }),
  },
  "two-factor-code": {
    channels: ["EMAIL", "SMS"],
    data: z.object({
      code,
      expiresInMinutes: minutes,
    }),
  },
  "password-changed": {
    channels: ["EMAIL"],
    data: z.object({
      name,
      /** ISO-8601; shown in UTC so every locale reads the same instant. */
      changedAt: z.iso.datetime({ offset: true }),
      ipAddress: z.string().max(64).nullable().default(null),
      supportUrl: link,
    }),
  },
  /** A single-use link to set a new password; asked for from the sign-in page. */
  "password-reset": {
    channels: ["EMAIL"],
    data: z.object({
      name,
      resetUrl: link,
      expiresInMinutes: minutes,
    }),
  },
  /** A tenant's manager offers a role to an address; accepted from a signed-in, verified account. */
  "staff-invitation": {
    channels: ["EMAIL"],
    data: z.object({
      tenantName: name,
      inviterName: name,
      role: z.enum(["ADMIN", "MANAGER", "STAFF", "VIEWER"]),
      acceptUrl: link,
      expiresInDays: z.number().int().min(1).max(90),
    }),
  },
  /** Stock of a variant at a location fell to or below its reorder threshold. */
  "low-stock": {
    channels: ["EMAIL"],
    data: z.object({
      productName: name,
      sku: z.string().trim().min(1).max(100),
      locationName: name,
      quantity: z.number().int().min(0),
      threshold: z.number().int().min(0),
      inventoryUrl: link,
    }),
  },
  /** A shopper's checkout was paid and every seller's order confirmed. */
  "order-confirmed": {
    channels: ["EMAIL"],
    data: z.object({
      orderNumber: z.uuid(),
      /** Formatted for reading ("€41.53"); the amounts stay minor units everywhere else. */
      total: z.string().min(1).max(40),
      sellers: z.string().trim().min(1).max(2_000),
      statusUrl: link,
    }),
  },
  /** One seller shipped their order of the shopper's checkout. */
  "order-shipped": {
    channels: ["EMAIL"],
    data: z.object({
      orderNumber: z.uuid(),
      sellerName: name,
      trackingNumber: z.string().trim().min(1).max(100),
      statusUrl: link,
    }),
  },
  /** Money of a paid order went back to the shopper: a seller's refund, or a cancelled paid order. */
  "order-refunded": {
    channels: ["EMAIL"],
    data: z.object({
      orderNumber: z.uuid(),
      sellerName: name,
      amount: z.string().min(1).max(40),
      /** True when the seller cancelled the order (nothing ships), false for a refund. */
      cancelled: z.boolean(),
      statusUrl: link,
    }),
  },
  /** The provider refused a refund the shopper was already told about (decision 0028): no money went back. */
  "order-refund-failed": {
    channels: ["EMAIL"],
    data: z.object({
      orderNumber: z.uuid(),
      sellerName: name,
      amount: z.string().min(1).max(40),
      statusUrl: link,
    }),
  },
  /** A shopper reviewed one of the seller's products (or the seller); sent to OWNERs and ADMINs. */
  "review-received": {
    channels: ["EMAIL"],
    data: z.object({
      subjectName: name,
      rating: z.number().int().min(1).max(5),
      title: name,
      /** Published at once (the seller auto-publishes), or waiting for moderation. */
      published: z.boolean(),
      reviewsUrl: link,
    }),
  },
  /** An operator (or the seller's auto-publish setting) made the shopper's review public. */
  "review-published": {
    channels: ["EMAIL"],
    data: z.object({ name, subjectName: name, rating: z.number().int().min(1).max(5) }),
  },
  /** An operator rejected the shopper's review, with the reason. */
  "review-rejected": {
    channels: ["EMAIL"],
    data: z.object({ name, subjectName: name, reason: z.string().trim().min(1).max(500) }),
  },
} as const satisfies Record<string, { channels: readonly Channel[]; data: z.ZodObject }>;

export type TemplateName = keyof typeof templateCatalog;
export type ChannelOf<T extends TemplateName> = (typeof templateCatalog)[T]["channels"][number];
/** What a caller passes (optional fields may be left out). */
export type TemplateData<T extends TemplateName> = z.input<(typeof templateCatalog)[T]["data"]>;

export const templateNames = Object.keys(templateCatalog) as TemplateName[];

export function isTemplateName(value: string): value is TemplateName {
  return Object.hasOwn(templateCatalog, value);
}
