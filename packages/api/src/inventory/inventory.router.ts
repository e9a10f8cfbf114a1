import { asPlatform } from "@bazaar/db";
import { createTRPCRouter, platformProcedure, tenantProcedure } from "../trpc";
import * as h from "./inventory.handlers";
import * as s from "./inventory.schema";
import { checkLedger } from "./inventory.service";

/**
 * The header tenant's stock. VIEWER reads; STAFF holds and settles reservations (phone orders, the
 * checkout acts through the service); MANAGER changes locations, stock and thresholds.
 */
export const inventoryRouter = createTRPCRouter({
  listLocations: tenantProcedure("VIEWER").input(s.listLocationsSchema).query(h.listLocationsHandler),
  createLocation: tenantProcedure("MANAGER").input(s.createLocationSchema).mutation(h.createLocationHandler),
  updateLocation: tenantProcedure("MANAGER").input(s.updateLocationSchema).mutation(h.updateLocationHandler),
  removeLocation: tenantProcedure("MANAGER").input(s.locationIdSchema).mutation(h.removeLocationHandler),

  receiveStock: tenantProcedure("MANAGER").input(s.receiveStockSchema).mutation(h.receiveStockHandler),
  adjustStock: tenantProcedure("MANAGER").input(s.adjustStockSchema).mutation(h.adjustStockHandler),
  setThreshold: tenantProcedure("MANAGER").input(s.setThresholdSchema).mutation(h.setThresholdHandler),
  listLevels: tenantProcedure("VIEWER").input(s.listLevelsSchema).query(h.listLevelsHandler),
  listMovements: tenantProcedure("VIEWER").input(s.listMovementsSchema).query(h.listMovementsHandler),

  reserve: tenantProcedure("STAFF").input(s.reserveSchema).mutation(h.reserveHandler),
  releaseReservation: tenantProcedure("STAFF").input(s.reservationIdSchema).mutation(h.releaseReservationHandler),
  commitReservation: tenantProcedure("STAFF").input(s.reservationIdSchema).mutation(h.commitReservationHandler),
  getReservation: tenantProcedure("VIEWER").input(s.reservationIdSchema).query(h.getReservationHandler),
  listReservations: tenantProcedure("VIEWER").input(s.listReservationsSchema).query(h.listReservationsHandler),

  checkLedger: tenantProcedure("MANAGER").query(h.checkLedgerHandler),
  /** Every tenant's ledger at once, for operators (platform context). */
  checkAllLedgers: platformProcedure("OPERATOR").query(({ ctx }) => asPlatform(ctx.db, (tx) => checkLedger(tx))),
});
