import type { Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { ConflictError, NotFoundError } from "../errors";
import type { CreateLocationInput, UpdateLocationInput } from "./inventory.schema";

// A tenant's stock locations (warehouses, shops). Functions take the tenant's row-level-secured
// transaction and announce every change in it.

const fields = { id: true, tenantId: true, name: true, code: true, active: true, createdAt: true, updatedAt: true } as const;

export interface LocationView {
  id: string;
  tenantId: string;
  name: string;
  code: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function listLocations(tx: Tx, tenantId: string, includeInactive: boolean): Promise<LocationView[]> {
  return tx.stockLocation.findMany({ where: { tenantId, ...(includeInactive ? {} : { active: true }) }, orderBy: { code: "asc" }, select: fields });
}

async function codeFree(tx: Tx, tenantId: string, code: string, except?: string): Promise<void> {
  const taken = await tx.stockLocation.findFirst({ where: { tenantId, code, ...(except ? { id: { not: except } } : {}) }, select: { id: true } });
  if (taken) throw new ConflictError("a location with this code exists", { code });
}

export async function createLocation(tx: Tx, tenantId: string, actorId: string, input: CreateLocationInput): Promise<LocationView> {
  // The unique index still decides a race between two creates; this check only names the conflict.
  await codeFree(tx, tenantId, input.code);
  const location = await tx.stockLocation.create({ data: { tenantId, name: input.name, code: input.code }, select: fields });
  await enqueue(tx, {
    type: "inventory.location.created",
    version: 1,
    tenantId,
    aggregateId: location.id,
    payload: { tenantId, locationId: location.id, name: location.name, code: location.code, actorId },
  });
  return location;
}

/** The location, locked against a concurrent change; NOT_FOUND for an unknown or another tenant's id. */
export async function lockLocation(tx: Tx, tenantId: string, locationId: string): Promise<LocationView> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM stock_locations WHERE id = ${locationId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new NotFoundError("stock location", { locationId });
  return tx.stockLocation.findUniqueOrThrow({ where: { id: locationId }, select: fields });
}

export async function updateLocation(tx: Tx, tenantId: string, actorId: string, input: UpdateLocationInput): Promise<LocationView> {
  const current = await lockLocation(tx, tenantId, input.locationId);
  const changes: { name?: string; code?: string; active?: boolean } = {};
  if (input.name !== undefined && input.name !== current.name) changes.name = input.name;
  if (input.code !== undefined && input.code !== current.code) changes.code = input.code;
  if (input.active !== undefined && input.active !== current.active) changes.active = input.active;
  if (Object.keys(changes).length === 0) return current;
  if (changes.code) await codeFree(tx, tenantId, changes.code, current.id);
  const location = await tx.stockLocation.update({ where: { id: current.id }, data: changes, select: fields });
  await enqueue(tx, {
    type: "inventory.location.updated",
    version: 1,
    tenantId,
    aggregateId: location.id,
    payload: { tenantId, locationId: location.id, changes, actorId },
  });
  return location;
}

/**
 * Removes a location that never held stock; one with stock levels (the ledger points at it) is
 * deactivated instead, so its history stays whole. Refused while units are reserved there.
 */
export async function removeLocation(
  tx: Tx,
  tenantId: string,
  actorId: string,
  locationId: string,
): Promise<{ outcome: "deleted" | "deactivated"; location: LocationView }> {
  const location = await lockLocation(tx, tenantId, locationId);
  const levels = await tx.stockLevel.aggregate({ where: { tenantId, locationId }, _count: { _all: true }, _sum: { reserved: true } });
  if ((levels._sum.reserved ?? 0) > 0) {
    throw new ConflictError("units are reserved at this location; release them first", { locationId, reserved: levels._sum.reserved });
  }
  const movements = await tx.stockMovement.count({ where: { tenantId, locationId } });
  if (levels._count._all === 0 && movements === 0) {
    await tx.stockLocation.delete({ where: { id: locationId } });
    await enqueue(tx, {
      type: "inventory.location.deleted",
      version: 1,
      tenantId,
      aggregateId: locationId,
      payload: { tenantId, locationId, code: location.code, actorId },
    });
    return { outcome: "deleted", location: { ...location, active: false } };
  }
  const updated = location.active ? await updateLocation(tx, tenantId, actorId, { locationId, active: false }) : location;
  return { outcome: "deactivated", location: updated };
}
