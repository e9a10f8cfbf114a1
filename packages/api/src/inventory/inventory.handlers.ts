import type { TenantContext } from "../tenants/procedure-context";
import type * as S from "./inventory.schema";
import * as inventory from "./inventory.service";

// Thin by design: each handler passes the tenant's transaction, the tenant and the caller to one
// service function, which holds all the logic (README.md says why one grouped file).

type Args<I> = { ctx: TenantContext; input: I };
const actor = (ctx: TenantContext) => ctx.session.userId;

export const listLocationsHandler = ({ ctx, input }: Args<{ includeInactive: boolean }>) => inventory.listLocations(ctx.db, ctx.tenant.id, input.includeInactive);
export const createLocationHandler = ({ ctx, input }: Args<S.CreateLocationInput>) => inventory.createLocation(ctx.db, ctx.tenant.id, actor(ctx), input);
export const updateLocationHandler = ({ ctx, input }: Args<S.UpdateLocationInput>) => inventory.updateLocation(ctx.db, ctx.tenant.id, actor(ctx), input);
export const removeLocationHandler = ({ ctx, input }: Args<{ locationId: string }>) => inventory.removeLocation(ctx.db, ctx.tenant.id, actor(ctx), input.locationId);

export const receiveStockHandler = ({ ctx, input }: Args<S.ReceiveStockInput>) => inventory.receiveStock(ctx.db, ctx.tenant.id, actor(ctx), input);
export const adjustStockHandler = ({ ctx, input }: Args<S.AdjustStockInput>) => inventory.adjustStock(ctx.db, ctx.tenant.id, actor(ctx), input);
export const setThresholdHandler = ({ ctx, input }: Args<S.SetThresholdInput>) => inventory.setThreshold(ctx.db, ctx.tenant.id, actor(ctx), input);
export const listLevelsHandler = ({ ctx, input }: Args<S.ListLevelsInput>) => inventory.listLevels(ctx.db, ctx.tenant.id, input);
export const listMovementsHandler = ({ ctx, input }: Args<S.ListMovementsInput>) => inventory.listMovements(ctx.db, ctx.tenant.id, input);

export const reserveHandler = ({ ctx, input }: Args<S.ReserveInput>) => inventory.reserve(ctx.db, ctx.tenant.id, actor(ctx), input);
export const releaseReservationHandler = ({ ctx, input }: Args<{ reservationId: string }>) =>
  inventory.releaseReservation(ctx.db, ctx.tenant.id, actor(ctx), input.reservationId);
export const commitReservationHandler = ({ ctx, input }: Args<{ reservationId: string }>) =>
  inventory.commitReservation(ctx.db, ctx.tenant.id, actor(ctx), input.reservationId);
export const getReservationHandler = ({ ctx, input }: Args<{ reservationId: string }>) => inventory.getReservation(ctx.db, ctx.tenant.id, input.reservationId);
export const listReservationsHandler = ({ ctx, input }: Args<S.ListReservationsInput>) => inventory.listReservations(ctx.db, ctx.tenant.id, input);

export const checkLedgerHandler = ({ ctx }: { ctx: TenantContext }) => inventory.checkLedger(ctx.db, { tenantId: ctx.tenant.id });
