import { productIdsOfStore, productIdsOfVariants, productIdsUnderCategory } from "@bazaar/api/search";
import { asPlatform, type Db } from "@bazaar/db";
import {
  createConsumer,
  parseEventJson,
  type ConsumerObserver,
  type EventConsumer,
  physicalTopic,
  stockLevelDecoder,
  type DomainEvent,
  type EventOf,
  type EventType,
  type MessageDecoder,
  type Subscriptions,
  type TopicNaming,
} from "@bazaar/events";
import type { WorkerDeps } from "../worker";

// Which products an event changes, for both product projections (the search index and the
// product-detail read model). They never apply an event's payload: they rebuild each affected product
// from PostgreSQL, so the same subscriptions serve both and a duplicate or late event is harmless.

type Affected<T extends EventType> = (event: EventOf<T>, db: Db) => Promise<string[]> | string[];

async function productsOfCollection(db: Db, collectionId: string): Promise<string[]> {
  return asPlatform(db, async (tx) =>
    (await tx.productCollection.findMany({ where: { collectionId }, select: { productId: true } })).map((r) => r.productId),
  );
}

async function productsOfTenant(db: Db, tenantId: string): Promise<string[]> {
  return asPlatform(db, async (tx) => (await tx.product.findMany({ where: { tenantId }, select: { id: true } })).map((r) => r.id));
}

const ofProduct: Affected<"catalog.product.created"> = (e) => [e.payload.product.id];
const ofLines = (e: { payload: { lines: { variantId: string }[] } }, db: Db) => productIdsOfVariants(db, e.payload.lines.map((l) => l.variantId));
const ofVariant = (e: { payload: { variantId: string } }, db: Db) => productIdsOfVariants(db, [e.payload.variantId]);

/** Every event type that can change a product document, with the products it changes. */
export const affectedProducts = {
  "catalog.product.created": ofProduct,
  "catalog.product.updated": ofProduct,
  "catalog.product.published": ofProduct,
  "catalog.product.unpublished": ofProduct,
  "catalog.product.archived": ofProduct,
  "catalog.variant.created": (e) => [e.payload.product.id],
  "catalog.variant.updated": (e) => [e.payload.product.id],
  "catalog.variant.deleted": (e) => [e.payload.product.id],
  "catalog.collection.updated": (e, db) => productsOfCollection(db, e.payload.collection.id),
  "catalog.collection.deleted": (e) => e.payload.productIds,
  "catalog.category.updated": async (e, db) => [
    ...new Set([...(await productIdsUnderCategory(db, e.payload.previousPath)), ...(await productIdsUnderCategory(db, e.payload.category.path))]),
  ],
  "inventory.stock.received": ofVariant,
  "inventory.stock.adjusted": ofVariant,
  "inventory.reservation.created": ofLines,
  "inventory.reservation.released": ofLines,
  "inventory.reservation.expired": ofLines,
  "inventory.reservation.committed": ofLines,
  // Debezium's row changes of stock_levels: the same stock facts, also when a change bypassed the API.
  "inventory.stock-level.captured": (e, db) => productIdsOfVariants(db, [e.payload.stockLevel.variantId]),
  "stores.store.updated": (e, db) => productIdsOfStore(db, e.payload.storeId),
  "tenants.tenant.suspended": (e, db) => productsOfTenant(db, e.payload.tenantId),
  "tenants.tenant.reactivated": (e, db) => productsOfTenant(db, e.payload.tenantId),
  // The ratings projection changed a product's rating (product-source.ts reads it from product_ratings).
  "reviews.rating.recomputed": (e) => (e.payload.productId ? [e.payload.productId] : []),
} satisfies { [T in EventType]?: Affected<T> };

type AffectedType = keyof typeof affectedProducts;

/**
 * One batch subscription per affected type: a run of events becomes one rebuild of the distinct
 * products they touch (`apply`), inside the runner's retry and DLQ handling.
 */
export function productSubscriptions(db: Db, apply: (productIds: string[]) => Promise<void>): Subscriptions {
  const subscriptions: Record<string, { batch: (events: DomainEvent[]) => Promise<void> }> = {};
  for (const [type, affected] of Object.entries(affectedProducts) as [AffectedType, Affected<AffectedType>][]) {
    subscriptions[type] = {
      batch: async (events) => {
        const ids = new Set<string>();
        for (const event of events) for (const id of await affected(event as EventOf<AffectedType>, db)) ids.add(id);
        if (ids.size > 0) await apply([...ids]);
      },
    };
  }
  return subscriptions as unknown as Subscriptions;
}

/** A consumer group that rebuilds the products each run of events touches through `apply`. */
export function createProductProjectionConsumer(deps: WorkerDeps, name: string, apply: (productIds: string[]) => Promise<void>, observer?: ConsumerObserver): EventConsumer {
  return createConsumer({
    groupId: `${deps.naming.prefix}${name}`,
    db: deps.db,
    kafka: deps.kafka,
    naming: deps.naming,
    decode: projectionDecoder(deps.naming),
    // A projection waits out an outage of its store (about two minutes of backoff) before the DLQ.
    maxAttempts: 12,
    logger: deps.logger.child({ worker: name }),
    subscriptions: productSubscriptions(deps.db, apply),
    ...(observer ? { observer } : {}),
  });
}

/** Our envelopes on every topic, except Debezium's change events on `inventory.cdc`. */
export function projectionDecoder(naming: TopicNaming): MessageDecoder {
  const cdc = physicalTopic("inventory.cdc", naming);
  return (message, topic) => (topic === cdc ? stockLevelDecoder(message, topic) : parseEventJson(message.value));
}
