import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, searchFingerprint } from "./search-cursor";
import { buildSearchBody, facetAggregations, facetClauses, fuzzinessFor, textQuery } from "./search-query";
import { expandQuery, normaliseTerm, SynonymMap } from "./synonyms";

const none = new SynonymMap([]);

describe("textQuery", () => {
  it("fuzzes only words of 4+ letters, two edits from 8 (AUTO:4,8), and matches SKUs exactly", () => {
    const q = JSON.stringify(textQuery("Tee shirt", none));
    expect(q).toContain('"fuzziness":"AUTO:4,8"');
    expect(q).toContain('"skus":{"value":"tee"');
    expect(textQuery("   ", none)).toBeNull();
  });

  it("gives a word typed with 8+ letters two edits whatever its stem (a stem can be shorter than the word)", () => {
    expect(fuzzinessFor("enaemlled")).toBe(2);
    expect(fuzzinessFor("prodcut")).toBe("AUTO:4,8");
    expect(JSON.stringify(textQuery("Enaemlled pan", none))).toContain('"query":"enaemlled","fields":["title^4","tags.text^2","categoryNames^2","optionValues^1.5","storeName^1.2","description"],"fuzziness":2');
  });

  it("matches a word with a digit exactly: a number one edit away is another product", () => {
    const q = JSON.stringify(textQuery("lamp 12345", none));
    expect(q.match(/"fuzziness"/g)).toHaveLength(1);
    expect(q).toContain('{"multi_match":{"query":"12345","fields":');
    expect(q).not.toMatch(/"query":"12345","fields":\[[^\]]*\],"fuzziness"/);
  });

  it("folds case and accents, and drops punctuation a query parser would choke on", () => {
    expect(normaliseTerm('  Crème "(Brûlée)" AND ~* ')).toBe("creme brulee and");
  });
});

describe("synonyms", () => {
  it("expand the longest run of words that is a term of a group", () => {
    const map = new SynonymMap([["tee", "t shirt", "tshirt"], ["sofa", "couch"]]);
    expect(expandQuery(["red", "t", "shirt", "couch"], map)).toEqual([
      { text: "red", alternatives: ["red"] },
      { text: "t shirt", alternatives: ["tee", "t shirt", "tshirt"] },
      { text: "couch", alternatives: ["sofa", "couch"] },
    ]);
    expect(JSON.stringify(textQuery("t shirt", map))).toContain('"type":"phrase"');
  });
});

describe("facets", () => {
  it("filter each facet's aggregation by every selection except its own", () => {
    const clauses = facetClauses({ options: { Size: ["M"] }, inStock: true });
    const aggs = facetAggregations(clauses) as Record<string, { filter: { bool: { filter: unknown[] } } }>;
    expect(aggs["option:size"]!.filter.bool.filter).toEqual([{ term: { inStock: true } }]);
    expect(aggs.inStock!.filter.bool.filter).toEqual([{ terms: { optionPairs: ["size=M"] } }]);
    expect(aggs.category!.filter.bool.filter).toHaveLength(2);
  });

  it("leave an aggregation bare when no other facet is selected (same count, no per-hit filter)", () => {
    const aggs = facetAggregations(facetClauses({ inStock: true }));
    expect(aggs.category).toEqual({ filter: { bool: { filter: [{ term: { inStock: true } }] } }, aggs: { values: { terms: { field: "categoryFacet", size: 50 } } } });
    expect(aggs.inStock).toEqual({ terms: { field: "inStock", size: 2 } });
    expect(facetAggregations(facetClauses({})).store).toEqual({ terms: { field: "storeFacet", size: 50 } });
  });

  it("keeps the scope in the query and the selections in the post_filter", () => {
    const body = buildSearchBody({ scope: { storeSlug: "shop" }, filters: { price: ["under-10"] }, sort: "price_asc", limit: 20, withFacets: false, synonyms: none });
    expect(body.query).toEqual({ bool: { must: [{ match_all: {} }], filter: [{ term: { storeSlug: "shop" } }] } });
    expect(body.post_filter).toEqual({ bool: { filter: [{ bool: { minimum_should_match: 1, should: [{ range: { minPrice: { gte: 0, lt: 1000 } } }] } }] } });
    expect(body.aggs).toBeUndefined();
    expect(body.size).toBe(21);
  });
});

describe("cursor", () => {
  const f = searchFingerprint({ q: "shirt" });
  it("round-trips and is bound to its sort and search", () => {
    const c = encodeCursor("price_asc", [2500, "id-1"], f);
    expect(decodeCursor(c, "price_asc", f)).toEqual([2500, "id-1"]);
    expect(() => decodeCursor(c, "newest", f)).toThrow(/another search/);
    expect(() => decodeCursor(c, "price_asc", searchFingerprint({ q: "lamp" }))).toThrow(/another search/);
    expect(() => decodeCursor("%%%", "price_asc", f)).toThrow(/not a cursor/);
    expect(() => decodeCursor(Buffer.from("[1,2]").toString("base64url"), "price_asc", f)).toThrow(/not a cursor/);
  });
});
