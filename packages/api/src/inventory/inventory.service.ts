// The inventory domain's service: the only code that reads or writes the stock tables. Every function
// takes the caller's transaction (a tenant's row-level-secured one, or platform context for the sweeper
// and the ledger check). Split along its seams; this file is the one place callers import from.
export { listLocations, createLocation, updateLocation, removeLocation, type LocationView } from "./locations.service";
export { receiveStock, adjustStock, setThreshold, listLevels, listMovements, type LevelSnapshot } from "./stock-levels.service";
export {
  reserve,
  releaseReservation,
  commitReservation,
  commitReservations,
  getReservation,
  listReservations,
  InsufficientStockError,
  type ReservationView,
  type ReserveOptions,
} from "./reservations.service";
export { expireDueReservations } from "./reservation-settle";
export { checkLedger, type LedgerReport, type LedgerMismatch } from "./ledger.service";
export { lowStockRecipients, type LowStockMail } from "./low-stock-mail";
