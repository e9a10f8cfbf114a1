// Appending and verifying live with the audit domain's service in packages/api/src/audit, so the API's
// verify/export procedures and this consumer share one implementation.
export {
  appendAuditEntry,
  verifyAuditChain,
  verifyAuditChainWith,
  type AuditInput,
  type AuditReader,
  type ChainVerification,
} from "@bazaar/api/audit";
