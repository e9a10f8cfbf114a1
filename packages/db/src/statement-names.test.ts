import { describe, expect, it } from "vitest";
import { statementNamer } from "./statement-names";

describe("statementNamer", () => {
  it("names a parameterized statement the same every time, and different text differently", () => {
    const name = statementNamer();
    const a = name({ sql: "SELECT $1::int", args: [1] });
    expect(a).toMatch(/^bz_[A-Za-z0-9_-]{27}$/);
    expect(name({ sql: "SELECT $1::int", args: [2] })).toBe(a);
    expect(name({ sql: "SELECT $1::text", args: ["x"] })).not.toBe(a);
    // Same text in another process's namer: the same name (pg keys its cache by name per connection).
    expect(statementNamer()({ sql: "SELECT $1::int", args: [3] })).toBe(a);
  });

  it("leaves statements without parameters unnamed (their text may carry literals)", () => {
    const name = statementNamer();
    expect(name({ sql: "BEGIN", args: [] })).toBeUndefined();
    expect(name({ sql: "SELECT set_config('app.tenant_id', 'x', true)", args: [] })).toBeUndefined();
  });

  it("stops naming new text once it holds its maximum, and keeps naming what it knows", () => {
    const name = statementNamer(2);
    const first = name({ sql: "SELECT $1", args: [1] });
    name({ sql: "SELECT $1, 2", args: [1] });
    expect(name({ sql: "SELECT $1, 3", args: [1] })).toBeUndefined();
    expect(name({ sql: "SELECT $1", args: [1] })).toBe(first);
  });
});
