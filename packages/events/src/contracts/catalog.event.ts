import { z } from "zod";
import { defineEvent } from "./contract";

// Catalog changes on `catalog.events`. Every product event (and every variant event, whose aggregate is
// its product) carries the whole product as it is after the change, at its new `version`: the search
// projection and the storefront cache rebuild their document from one event, and a consumer that sees
// a version lower than the one it holds knows the event is stale. Categories are the platform's tree
// (tenantId null, actor an operator); collections are a seller's own groupings.

const uuid = z.uuid();
const status = z.enum(["DRAFT", "PUBLISHED", "ARCHIVED"]);
const amount = z.number().int().min(0);

export const catalogVariantSchema = z.object({
  id: uuid,
  sku: z.string().min(1).max(64),
  title: z.string().max(400),
  optionValues: z.record(z.string(), z.string()),
  priceAmount: amount,
  compareAtAmount: amount.nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  weightGrams: z.number().int().min(0).nullable(),
  barcode: z.string().nullable(),
  lowStockThreshold: z.number().int().min(0).nullable(),
  position: z.number().int(),
});

export const catalogProductSchema = z.object({
  id: uuid,
  tenantId: uuid,
  storeId: uuid,
  handle: z.string().min(1).max(120),
  title: z.string().min(1).max(200),
  description: z.string(),
  status,
  categoryId: uuid.nullable(),
  tags: z.array(z.string()),
  version: z.number().int().min(1),
  publishedAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
  options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
  variants: z.array(catalogVariantSchema),
  images: z.array(z.object({ assetId: uuid, alt: z.string(), position: z.number().int() })),
  collectionIds: z.array(uuid),
});

const productEvent = <T extends string>(type: T) =>
  defineEvent({
    type,
    version: 1,
    topic: "catalog.events",
    aggregateType: "product",
    payload: z.object({
      product: catalogProductSchema,
      /** What the change touched: "title", "variants", "images", "collections", ... */
      changes: z.array(z.string()),
      /** How the change came: an API call or a CSV import. */
      source: z.enum(["api", "csv-import"]),
      actorId: uuid,
    }),
  });

export const productCreatedV1 = productEvent("catalog.product.created");
export const productUpdatedV1 = productEvent("catalog.product.updated");
export const productPublishedV1 = productEvent("catalog.product.published");
/** Back to draft, from published or archived. */
export const productUnpublishedV1 = productEvent("catalog.product.unpublished");
export const productArchivedV1 = productEvent("catalog.product.archived");

const variantEvent = <T extends string>(type: T) =>
  defineEvent({
    type,
    version: 1,
    topic: "catalog.events",
    aggregateType: "product",
    payload: z.object({ variantId: uuid, sku: z.string(), product: catalogProductSchema, actorId: uuid }),
  });

export const variantCreatedV1 = variantEvent("catalog.variant.created");
export const variantUpdatedV1 = variantEvent("catalog.variant.updated");
/** `product` no longer lists the variant. */
export const variantDeletedV1 = variantEvent("catalog.variant.deleted");

const collection = z.object({ id: uuid, tenantId: uuid, handle: z.string(), title: z.string(), description: z.string() });

const collectionEvent = <T extends string>(type: T) =>
  defineEvent({ type, version: 1, topic: "catalog.events", aggregateType: "collection", payload: z.object({ collection, actorId: uuid }) });

export const collectionCreatedV1 = collectionEvent("catalog.collection.created");
export const collectionUpdatedV1 = collectionEvent("catalog.collection.updated");

/** Its products lose the membership (each also gets a catalog.product.updated). */
export const collectionDeletedV1 = defineEvent({
  type: "catalog.collection.deleted",
  version: 1,
  topic: "catalog.events",
  aggregateType: "collection",
  payload: z.object({ collectionId: uuid, tenantId: uuid, handle: z.string(), productIds: z.array(uuid), actorId: uuid }),
});

const category = z.object({ id: uuid, parentId: uuid.nullable(), slug: z.string(), name: z.string(), path: z.string(), position: z.number().int() });

const categoryEvent = <T extends string>(type: T) =>
  defineEvent({ type, version: 1, topic: "catalog.events", aggregateType: "category", payload: z.object({ category, actorId: uuid }) });

export const categoryCreatedV1 = categoryEvent("catalog.category.created");
/** Only an empty leaf is deleted. */
export const categoryDeletedV1 = categoryEvent("catalog.category.deleted");

/** Renamed, reordered or moved; `movedPaths` counts the subtree rows whose path changed with it. */
export const categoryUpdatedV1 = defineEvent({
  type: "catalog.category.updated",
  version: 1,
  topic: "catalog.events",
  aggregateType: "category",
  payload: z.object({ category, previousPath: z.string(), movedPaths: z.number().int().min(0), actorId: uuid }),
});

export type CatalogProduct = z.infer<typeof catalogProductSchema>;
