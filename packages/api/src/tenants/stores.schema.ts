import { z } from "zod";
import { text, url } from "../validation/text.schema";
import { slugSchema } from "./slug";

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, "a colour as #rrggbb");

/** A storefront's look. Closed: an unknown key is refused rather than stored and ignored. */
export const themeSchema = z
  .object({
    primaryColor: hexColor.optional(),
    accentColor: hexColor.optional(),
    backgroundColor: hexColor.optional(),
    font: z.enum(["system", "serif", "mono"]).optional(),
    layout: z.enum(["grid", "list"]).optional(),
    logoUrl: url({ max: 2_048 }).optional(),
  })
  .strict();

/** A host name the seller points at us (lower-cased; at least one dot; DNS label rules). */
export const customDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a host name such as shop.example.com");

const storeName = text({ max: 200 });

export const createStoreSchema = z.object({
  name: storeName,
  slug: slugSchema,
  theme: themeSchema.default({}),
  customDomain: customDomainSchema.nullable().default(null),
});

export const updateStoreSchema = z
  .object({
    storeId: z.uuid(),
    name: storeName.optional(),
    theme: themeSchema.optional(),
    /** null removes the custom domain. */
    customDomain: customDomainSchema.nullable().optional(),
  })
  .refine((v) => v.name !== undefined || v.theme !== undefined || v.customDomain !== undefined, { message: "nothing to change" });

export type Theme = z.infer<typeof themeSchema>;
export type CreateStoreInput = z.infer<typeof createStoreSchema>;
export type UpdateStoreInput = z.infer<typeof updateStoreSchema>;
