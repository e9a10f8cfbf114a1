// `@bazaar/api/inventory`: the inventory service for processes outside the API (the sweeper and the
// low-stock mailer in apps/workers, the checkout saga, the benchmark). Server-only.
export * from "./inventory.service";
export { reserveSchema, type ReserveInput } from "./inventory.schema";
