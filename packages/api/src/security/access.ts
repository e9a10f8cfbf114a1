import type { PlatformRole, TenantRole } from "../roles";

/**
 * Who may call a procedure. The procedure builders in trpc.ts attach it as `meta.access`, so the router
 * can be walked and every procedure's guard tested (rbac.int.test.ts); a procedure without one fails
 * that test.
 */
export type ProcedureAccess =
  | { kind: "public" }
  | { kind: "authed" }
  /** Signed in with a verified email address (docs/decisions/0006-unverified-accounts-and-recovery.md). */
  | { kind: "verified" }
  | { kind: "tenant"; minRole: TenantRole }
  | { kind: "platform"; minRole: Exclude<PlatformRole, "NONE"> };

export interface ProcedureMeta {
  access?: ProcedureAccess;
}
