import { z } from "zod";
import { defineEvent } from "./contract";

// Inventory changes, announced through the outbox in the transaction that made them (packages/api/src/
// inventory). They travel on `inventory.events`; `inventory.cdc` is Debezium's row-level change stream
// of stock_levels and carries no contracts of ours. Stock events are keyed by the variant so one
// variant's changes stay ordered; reservation events by the reservation (group) id.

const quantity = z.number().int().positive();
const level = z.object({ locationId: z.uuid(), onHand: z.number().int().min(0), reserved: z.number().int().min(0), version: z.number().int().min(1) });
const locationCode = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).min(1).max(63);

export const stockLocationCreatedV1 = defineEvent({
  type: "inventory.location.created",
  version: 1,
  topic: "inventory.events",
  aggregateType: "stock-location",
  payload: z.object({ tenantId: z.uuid(), locationId: z.uuid(), name: z.string().min(1).max(200), code: locationCode, actorId: z.uuid() }),
});

/** Only the fields that changed are present; `active: false` is a deactivation. */
export const stockLocationUpdatedV1 = defineEvent({
  type: "inventory.location.updated",
  version: 1,
  topic: "inventory.events",
  aggregateType: "stock-location",
  payload: z.object({
    tenantId: z.uuid(),
    locationId: z.uuid(),
    changes: z.object({ name: z.string().min(1).max(200).optional(), code: locationCode.optional(), active: z.boolean().optional() }),
    actorId: z.uuid(),
  }),
});

/** A location that never held stock was removed (one that did is deactivated instead: `updated`). */
export const stockLocationDeletedV1 = defineEvent({
  type: "inventory.location.deleted",
  version: 1,
  topic: "inventory.events",
  aggregateType: "stock-location",
  payload: z.object({ tenantId: z.uuid(), locationId: z.uuid(), code: locationCode, actorId: z.uuid() }),
});

export const stockReceivedV1 = defineEvent({
  type: "inventory.stock.received",
  version: 1,
  topic: "inventory.events",
  aggregateType: "product-variant",
  payload: z.object({ tenantId: z.uuid(), variantId: z.uuid(), quantity, level, reason: z.string().max(500).nullable(), actorId: z.uuid() }),
});

/** A count correction; `delta` is signed and never takes on hand below what is reserved. */
export const stockAdjustedV1 = defineEvent({
  type: "inventory.stock.adjusted",
  version: 1,
  topic: "inventory.events",
  aggregateType: "product-variant",
  payload: z.object({
    tenantId: z.uuid(),
    variantId: z.uuid(),
    delta: z.number().int().refine((d) => d !== 0, "a non-zero delta"),
    level,
    reason: z.string().min(1).max(500),
    actorId: z.uuid(),
  }),
});

/** null: no alert for this variant. */
export const stockThresholdSetV1 = defineEvent({
  type: "inventory.stock.threshold-set",
  version: 1,
  topic: "inventory.events",
  aggregateType: "product-variant",
  payload: z.object({ tenantId: z.uuid(), variantId: z.uuid(), threshold: z.number().int().min(0).nullable(), actorId: z.uuid() }),
});

/**
 * The variant's available quantity summed over every location went from above its threshold to at or
 * below it. Raised on the crossing only, not on every later change below it.
 */
export const stockLowV1 = defineEvent({
  type: "inventory.stock.low",
  version: 1,
  topic: "inventory.events",
  aggregateType: "product-variant",
  payload: z.object({
    tenantId: z.uuid(),
    variantId: z.uuid(),
    productId: z.uuid(),
    sku: z.string().min(1).max(100),
    available: z.number().int().min(0),
    threshold: z.number().int().min(0),
  }),
});

const reservationLine = z.object({ reservationId: z.uuid(), variantId: z.uuid(), locationId: z.uuid(), quantity });

export const reservationCreatedV1 = defineEvent({
  type: "inventory.reservation.created",
  version: 1,
  topic: "inventory.events",
  aggregateType: "stock-reservation",
  payload: z.object({
    tenantId: z.uuid(),
    groupId: z.uuid(),
    reference: z.string().max(200).nullable(),
    expiresAt: z.iso.datetime({ offset: true }),
    lines: z.array(reservationLine).min(1),
    actorId: z.uuid().nullable(),
  }),
});

const settled = z.object({
  tenantId: z.uuid(),
  groupId: z.uuid(),
  reference: z.string().max(200).nullable(),
  lines: z.array(reservationLine).min(1),
  /** null: the sweeper (expiry) or a service acting for the platform. */
  actorId: z.uuid().nullable(),
});

/** Cancelled before its expiry: the units are available again. */
export const reservationReleasedV1 = defineEvent({
  type: "inventory.reservation.released",
  version: 1,
  topic: "inventory.events",
  aggregateType: "stock-reservation",
  payload: settled,
});

/** The sweeper found it past its expiry: the units are available again. */
export const reservationExpiredV1 = defineEvent({
  type: "inventory.reservation.expired",
  version: 1,
  topic: "inventory.events",
  aggregateType: "stock-reservation",
  payload: settled,
});

/** Sold: the held units left on hand and reserved together. */
export const reservationCommittedV1 = defineEvent({
  type: "inventory.reservation.committed",
  version: 1,
  topic: "inventory.events",
  aggregateType: "stock-reservation",
  payload: settled,
});
