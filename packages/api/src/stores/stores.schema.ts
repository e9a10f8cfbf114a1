import { z } from "zod";
import { slugSchema } from "../tenants/slug";
import { text, url } from "../validation/text.schema";

/** Brand colours are stored lower-case so comparing two themes compares their values. */
const hexColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "a colour as #rrggbb")
  .transform((c) => c.toLowerCase());

/**
 * An image of the object store (media_assets): the asset id is the reference; `url` is the rendition
 * URL resolved when the theme was saved, kept so a storefront can render without another lookup.
 */
export const themeImageSchema = z
  .object({
    assetId: z.uuid(),
    url: url({ max: 2_048, protocol: /^https?$/ }).optional(),
  })
  .strict();

export const STORE_LAYOUTS = ["classic", "grid", "editorial"] as const;

/** A storefront's look. Closed: an unknown key is refused rather than stored and ignored. */
export const themeSchema = z
  .object({
    logo: themeImageSchema.optional(),
    banner: themeImageSchema.optional(),
    primaryColor: hexColor.optional(),
    accentColor: hexColor.optional(),
    backgroundColor: hexColor.optional(),
    textColor: hexColor.optional(),
    font: z.enum(["system", "serif", "mono"]).optional(),
    layout: z.enum(STORE_LAYOUTS).optional(),
  })
  .strict();

const storeName = text({ max: 200 });

// Custom domains are not set here: a host name reaches a store only through claimDomain and a verified
// DNS record (domains.service.ts).
export const createStoreSchema = z.object({
  name: storeName,
  slug: slugSchema,
  theme: themeSchema.default({}),
});

export const updateStoreSchema = z
  .object({
    storeId: z.uuid(),
    name: storeName.optional(),
    theme: themeSchema.optional(),
  })
  .refine((v) => v.name !== undefined || v.theme !== undefined, { message: "nothing to change" });

export type Theme = z.infer<typeof themeSchema>;
export type CreateStoreInput = z.infer<typeof createStoreSchema>;
export type UpdateStoreInput = z.infer<typeof updateStoreSchema>;
