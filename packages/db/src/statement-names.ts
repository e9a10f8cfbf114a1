import { createHash } from "node:crypto";

/** Distinct statements given a name (per process); past it, statements go unnamed (parsed each time). */
export const NAMED_STATEMENTS_MAX = 2_000;

/**
 * Names for node-postgres's prepared-statement cache (docs/decisions/0031): a statement with parameters
 * is parsed and planned once per connection and then only bound and executed, which is most of what
 * PostgreSQL spends on the short statements of the checkout path. Only parameterized text is named:
 * its text is fixed by the code (Prisma's compiler, our tagged templates), so the names are bounded;
 * statements with literals in them (the tenant context's set_config) stay unnamed.
 */
export function statementNamer(max = NAMED_STATEMENTS_MAX): (query: { sql: string; args: readonly unknown[] }) => string | undefined {
  const names = new Map<string, string>();
  return ({ sql, args }) => {
    if (args.length === 0) return undefined;
    let name = names.get(sql);
    if (name === undefined) {
      if (names.size >= max) return undefined;
      name = `bz_${createHash("sha1").update(sql).digest("base64url")}`;
      names.set(sql, name);
    }
    return name;
  };
}
