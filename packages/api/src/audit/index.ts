// `@bazaar/api/audit`: the audit domain's service for processes outside the API (the audit-log consumer,
// scripts). Server-only.
export { GENESIS_HASH, hashEntry, findChainBreak, type AuditEntryFields, type ChainBreak } from "./audit-chain";
export {
  appendAuditEntry,
  verifyAuditChain,
  verifyAuditChainWith,
  type AuditInput,
  type AuditReader,
  type ChainVerification,
} from "./audit-log.service";
export {
  auditExportStream,
  auditExportChunks,
  exportAuditLog,
  listAuditEntries,
  AUDIT_CSV_COLUMNS,
  MAX_INLINE_EXPORT_ENTRIES,
  type AuditEntryView,
  type AuditExportFormat,
  type AuditExportOptions,
} from "./audit-query.service";
export { verifyChainReport, type VerificationReport } from "./verify-chain";
