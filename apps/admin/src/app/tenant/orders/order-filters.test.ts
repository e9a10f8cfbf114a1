import { describe, expect, it } from "vitest";

import { listInput, parseOrderFilters } from "./order-filters";

describe("order filters", () => {
  it("keeps what is well-formed and drops the rest", () => {
    expect(parseOrderFilters({ status: "paid", from: "2026-12-01", to: "2026-12-03", search: " ada@example.test " })).toEqual({
      status: "PAID",
      from: "2026-12-01",
      to: "2026-12-03",
      search: "ada@example.test",
    });
    expect(parseOrderFilters({ status: "SHIPPED", from: "yesterday", to: "2026-13-45" })).toEqual({});
    expect(parseOrderFilters({ from: "2026-12-05", to: "2026-12-01" })).toEqual({ from: "2026-12-05" });
  });

  it("asks the API for whole UTC days, the last one included", () => {
    expect(listInput({ from: "2026-12-01", to: "2026-12-01" }, "abc")).toEqual({ limit: 25, from: "2026-12-01T00:00:00.000Z", to: "2026-12-02T00:00:00.000Z", cursor: "abc" });
  });
});
