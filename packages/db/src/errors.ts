/** Base class of the errors this package throws itself (Prisma's own errors pass through unchanged). */
export class DbError extends Error {
  override name = "DbError";
}

/** withTenant() was given something that is not a tenant id; nothing was sent to the database. */
export class UserContextError extends DbError {
  override name = "UserContextError";
  constructor(readonly userId: unknown) {
    super(`asUser needs a user UUID, got ${JSON.stringify(userId) ?? String(userId)}`);
  }
}

export class TenantContextError extends DbError {
  override name = "TenantContextError";
  constructor(readonly tenantId: unknown) {
    super(`withTenant needs a tenant UUID, got ${JSON.stringify(tenantId) ?? String(tenantId)}`);
  }
}

/**
 * updateMany/deleteMany with a `where` that matches every row (missing, `{}`, or only undefined values,
 * the usual shape of a forgotten filter). Refused before any SQL runs.
 */
export class EmptyWhereError extends DbError {
  override name = "EmptyWhereError";
  constructor(
    readonly model: string,
    readonly operation: string,
  ) {
    super(`${model}.${operation} refused: its where clause is empty and would touch every row`);
  }
}

/** The migration folder and the database disagree, or a migration failed (its transaction rolled back). */
export class MigrationError extends DbError {
  override name = "MigrationError";
  constructor(
    message: string,
    readonly migration?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
