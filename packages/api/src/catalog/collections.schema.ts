import { z } from "zod";
import { cursorSchema, descriptionSchema, handleSchema, pageLimitSchema, productTitleSchema, text } from "./catalog.fields";

export const createCollectionSchema = z.object({
  title: productTitleSchema,
  /** Derived from the title when absent. */
  handle: handleSchema.optional(),
  description: descriptionSchema.default(""),
});

export const updateCollectionSchema = z
  .object({ collectionId: z.uuid(), title: productTitleSchema.optional(), handle: handleSchema.optional(), description: descriptionSchema.optional() })
  .refine((v) => v.title !== undefined || v.handle !== undefined || v.description !== undefined, { message: "nothing to change" });

export const deleteCollectionSchema = z.object({ collectionId: z.uuid() });

export const listCollectionsSchema = z.object({
  q: text(100, 1).optional(),
  updatedSince: z.coerce.date().optional(),
  cursor: cursorSchema.optional(),
  limit: pageLimitSchema,
});

export const collectionMembershipSchema = z.object({
  collectionId: z.uuid(),
  productIds: z.array(z.uuid()).min(1).max(100),
});

export type CreateCollectionInput = z.infer<typeof createCollectionSchema>;
export type UpdateCollectionInput = z.infer<typeof updateCollectionSchema>;
export type ListCollectionsInput = z.infer<typeof listCollectionsSchema>;
export type CollectionMembershipInput = z.infer<typeof collectionMembershipSchema>;
