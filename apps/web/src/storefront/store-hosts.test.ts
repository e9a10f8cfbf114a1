import { describe, expect, it } from "vitest";

import { createStoreHostCache, customHostOf } from "./store-hosts";

describe("customHostOf", () => {
  it("keeps a domain name and drops the port", () => {
    expect(customHostOf("Shop.Example.COM:3000", [])).toBe("shop.example.com");
    expect(customHostOf("shop.example.com.", [])).toBe("shop.example.com");
  });

  it("never looks up loopback, IP literals, single labels or the platform's own hosts", () => {
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "intranet", "", null]) expect(customHostOf(host, [])).toBeNull();
    expect(customHostOf("bazaar.local", ["bazaar.local"])).toBeNull();
    expect(customHostOf("www.bazaar.local", ["bazaar.local"])).toBeNull();
  });
});

describe("createStoreHostCache", () => {
  function setup(answers: Record<string, string | null>) {
    let clock = 0;
    const asked: string[] = [];
    const cache = createStoreHostCache({
      lookup: async (host) => {
        asked.push(host);
        if (!(host in answers)) throw new Error("lookup failed");
        return answers[host] ?? null;
      },
      ttlMs: 1_000,
      negativeTtlMs: 100,
      maxEntries: 2,
      now: () => clock,
    });
    return { cache, asked, advance: (ms: number) => void (clock += ms) };
  }

  it("asks once per host within the TTL, and again after it", async () => {
    const { cache, asked, advance } = setup({ "a.example": "aurora" });
    expect(await Promise.all([cache.resolve("a.example"), cache.resolve("A.example")])).toEqual(["aurora", "aurora"]);
    expect(asked).toEqual(["a.example"]);
    advance(999);
    await cache.resolve("a.example");
    expect(asked).toHaveLength(1);
    advance(2);
    await cache.resolve("a.example");
    expect(asked).toHaveLength(2);
  });

  it("keeps unknown hosts for the shorter TTL and does not remember failures", async () => {
    const { cache, asked, advance } = setup({ "none.example": null });
    expect(await cache.resolve("none.example")).toBeNull();
    advance(50);
    await cache.resolve("none.example");
    expect(asked).toHaveLength(1);
    advance(51);
    await cache.resolve("none.example");
    expect(asked).toHaveLength(2);
    expect(await cache.resolve("broken.example")).toBeNull();
    expect(await cache.resolve("broken.example")).toBeNull();
    expect(asked.filter((h) => h === "broken.example")).toHaveLength(2);
  });

  it("holds a bounded number of hosts", async () => {
    const { cache } = setup({ "a.example": "a", "b.example": "b", "c.example": "c" });
    for (const h of ["a.example", "b.example", "c.example"]) await cache.resolve(h);
    expect(cache.size()).toBe(2);
  });
});
