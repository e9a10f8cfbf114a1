import { EmptyWhereError } from "./errors";
import { Prisma } from "./generated/prisma/client";

// A filter built from an optional input (`where: { tenantId: input.tenantId }`) silently becomes "every
// row" when the input is undefined, because Prisma drops undefined keys. updateMany/deleteMany are where
// that costs the most, so they refuse such a filter. To really touch every row, say so with a condition
// that is true for all of them (e.g. `{ createdAt: { lte: new Date() } }`).

const LOGICAL = new Set(["AND", "OR", "NOT"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A field condition that constrains nothing: undefined, `{}`, or an object of undefined operators. */
function isVacuousCondition(value: unknown): boolean {
  if (value === undefined) return true;
  return isPlainObject(value) && Object.values(value).every((v) => v === undefined);
}

/** True when `where` would match every row of the table. */
export function isEmptyWhere(where: unknown): boolean {
  if (where === undefined || where === null) return true;
  if (!isPlainObject(where)) return false;
  for (const [key, value] of Object.entries(where)) {
    if (!LOGICAL.has(key)) {
      if (!isVacuousCondition(value)) return false;
      continue;
    }
    if (value === undefined) continue;
    const parts = Array.isArray(value) ? value : [value];
    // AND of nothing-but-empty clauses matches all; one empty clause makes an OR match all. NOT of an
    // empty clause matches nothing, which is harmless, so any NOT counts as a real condition.
    if (key === "AND" && !parts.every(isEmptyWhere)) return false;
    if (key === "OR" && (parts.length === 0 || !parts.some(isEmptyWhere))) return false;
    if (key === "NOT") return false;
  }
  return true;
}

function guard(model: string, operation: string, args: unknown): void {
  const where = isPlainObject(args) ? args.where : undefined;
  if (isEmptyWhere(where)) throw new EmptyWhereError(model, operation);
}

/** Prisma Client extension refusing updateMany/updateManyAndReturn/deleteMany with an empty `where`. */
export const refuseEmptyWhere = Prisma.defineExtension({
  name: "refuse-empty-where",
  query: {
    $allModels: {
      async updateMany({ model, operation, args, query }) {
        guard(model, operation, args);
        return query(args);
      },
      async updateManyAndReturn({ model, operation, args, query }) {
        guard(model, operation, args);
        return query(args);
      },
      async deleteMany({ model, operation, args, query }) {
        guard(model, operation, args);
        return query(args);
      },
    },
  },
});
