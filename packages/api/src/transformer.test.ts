import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { asPlainJson, transformer } from "./transformer";

describe("transformer", () => {
  it("sends a value marked as plain JSON exactly as superjson would, without walking it", () => {
    const doc = JSON.parse('{"id":"p1","variants":[{"sku":"A","price":100,"inStock":true}],"publishedAt":"2026-12-01T00:00:00.000Z","rating":null}') as object;
    expect(transformer.serialize(asPlainJson(doc))).toEqual(superjson.serialize(doc));
    expect(transformer.deserialize(transformer.serialize(doc) as never)).toEqual(doc);
  });

  it("leaves everything else to superjson (a Date stays a Date)", () => {
    const value = { at: new Date("2026-12-01T00:00:00.000Z") };
    const wire = transformer.serialize(value);
    expect(wire).toEqual(superjson.serialize(value));
    expect(transformer.deserialize(wire as never)).toEqual(value);
  });
});
