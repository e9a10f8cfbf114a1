import { z } from "zod";
import { slugSchema } from "../tenants/slug";
import { handleSchema } from "./catalog.fields";
import { listProductsSchema } from "./products.schema";

/** A store by id or by its slug (the storefront's URL); custom domains route to the slug upstream. */
const storeRef = z.union([z.object({ storeId: z.uuid() }), z.object({ storeSlug: slugSchema })]);

export const getPublishedProductSchema = z.intersection(storeRef, z.union([z.object({ handle: handleSchema }), z.object({ productId: z.uuid() })]));

export const listPublishedProductsSchema = z.intersection(
  storeRef,
  listProductsSchema.pick({ categoryId: true, collectionId: true, q: true, updatedSince: true, cursor: true, limit: true }),
);

export type GetPublishedProductInput = z.infer<typeof getPublishedProductSchema>;
export type ListPublishedProductsInput = z.infer<typeof listPublishedProductsSchema>;
