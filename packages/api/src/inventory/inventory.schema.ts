import { z } from "zod";
import { text, uuidCursor } from "../validation/text.schema";

/** Every free-text field of this domain: single-line, trimmed, no control characters (validation/). */
export const freeText = (max: number) => text({ max });

const id = z.uuid();
/** Whole units; a float or a negative quantity is a client mistake, refused before anything runs. */
const quantity = z.int().positive().max(1_000_000);
const limit = z.int().min(1).max(200).default(50);
/** The `nextCursor` of the previous page. */
const cursor = uuidCursor().optional();

export const locationCodeSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes");

export const listLocationsSchema = z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false });

export const createLocationSchema = z.object({ name: freeText(200), code: locationCodeSchema });

export const updateLocationSchema = z
  .object({ locationId: id, name: freeText(200).optional(), code: locationCodeSchema.optional(), active: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.code !== undefined || v.active !== undefined, { message: "nothing to change" });

export const locationIdSchema = z.object({ locationId: id });

export const receiveStockSchema = z.object({ variantId: id, locationId: id, quantity, reason: freeText(500).optional() });

export const adjustStockSchema = z.object({
  variantId: id,
  locationId: id,
  /** Signed: +3 found in a recount, −2 damaged. On hand never goes below what is reserved. */
  delta: z
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((d) => d !== 0, "a non-zero delta"),
  reason: freeText(500),
});

export const setThresholdSchema = z.object({ variantId: id, threshold: z.int().min(0).max(1_000_000).nullable() });

export const listLevelsSchema = z
  .object({
    locationId: id.optional(),
    variantId: id.optional(),
    productId: id.optional(),
    /** Only variants whose available quantity over all active locations is at or below their threshold. */
    lowStockOnly: z.boolean().default(false),
    cursor,
    limit,
  })
  .default({ lowStockOnly: false, limit: 50 });

export const listMovementsSchema = z.object({ variantId: id, locationId: id.optional(), cursor, limit });

export const reservationLineSchema = z.object({
  variantId: id,
  quantity,
  /** Absent: any active location that can hold the whole line (the one with most available first). */
  locationId: id.optional(),
});

export const reserveSchema = z.object({
  /** Required: a retry with the same key answers the first reservation instead of holding twice. */
  idempotencyKey: z
    .string()
    .min(8)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces"),
  /** What holds the units, e.g. an order id. */
  reference: freeText(200).optional(),
  ttlSeconds: z.int().min(1).max(7 * 86_400),
  lines: z
    .array(reservationLineSchema)
    .min(1)
    .max(100)
    .refine((lines) => new Set(lines.map((l) => l.variantId)).size === lines.length, "one line per variant"),
});

export const reservationIdSchema = z.object({ reservationId: id });

export const listReservationsSchema = z
  .object({ status: z.enum(["ACTIVE", "RELEASED", "EXPIRED", "CONSUMED"]).optional(), cursor, limit })
  .default({ limit: 50 });

export type CreateLocationInput = z.infer<typeof createLocationSchema>;
export type UpdateLocationInput = z.infer<typeof updateLocationSchema>;
export type ReceiveStockInput = z.infer<typeof receiveStockSchema>;
export type AdjustStockInput = z.infer<typeof adjustStockSchema>;
export type SetThresholdInput = z.infer<typeof setThresholdSchema>;
export type ListLevelsInput = z.infer<typeof listLevelsSchema>;
export type ListMovementsInput = z.infer<typeof listMovementsSchema>;
export type ReserveInput = z.infer<typeof reserveSchema>;
export type ReservationLineInput = z.infer<typeof reservationLineSchema>;
export type ListReservationsInput = z.infer<typeof listReservationsSchema>;
