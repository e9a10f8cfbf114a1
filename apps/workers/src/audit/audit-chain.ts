// The chain's hashing lives with the audit domain's service in packages/api/src/audit, so the API's
// verify/export procedures and this consumer share one implementation.
export { GENESIS_HASH, hashEntry, findChainBreak, type AuditEntryFields, type ChainBreak } from "@bazaar/api/audit";
