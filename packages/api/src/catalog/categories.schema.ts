import { z } from "zod";
import { categorySlugSchema, text } from "./catalog.fields";

const name = text(100, 1);
const position = z.number().int().min(0).max(100_000);

export const createCategorySchema = z.object({ name, slug: categorySlugSchema, parentId: z.uuid().nullable().default(null), position: position.default(0) });

/** A new slug renames the path segment of the category and its whole subtree. */
export const updateCategorySchema = z
  .object({ categoryId: z.uuid(), name: name.optional(), slug: categorySlugSchema.optional(), position: position.optional() })
  .refine((v) => v.name !== undefined || v.slug !== undefined || v.position !== undefined, { message: "nothing to change" });

/** parentId null makes it a root. */
export const moveCategorySchema = z.object({ categoryId: z.uuid(), parentId: z.uuid().nullable(), position: position.optional() });

export const deleteCategorySchema = z.object({ categoryId: z.uuid() });

export type CreateCategoryInput = z.infer<typeof createCategorySchema>;
export type UpdateCategoryInput = z.infer<typeof updateCategorySchema>;
export type MoveCategoryInput = z.infer<typeof moveCategorySchema>;
