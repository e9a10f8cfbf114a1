import { describe, expect, it } from "vitest";
import { createResultCache } from "./result-cache";

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe("createResultCache", () => {
  it("coalesces concurrent identical requests into one load", async () => {
    const cache = createResultCache<number>({ ttlMs: 0, maxEntries: 10 });
    const d = deferred<number>();
    let loads = 0;
    const load = () => (loads++, d.promise);
    const all = Promise.all([cache.get("k", load), cache.get("k", load), cache.get("k", load)]);
    d.resolve(7);
    expect(await all).toEqual([7, 7, 7]);
    expect(loads).toBe(1);
    // TTL 0: nothing kept once answered.
    expect(cache.size).toBe(0);
    expect(await cache.get("k", async () => 8)).toBe(8);
  });

  it("reuses an answer for the TTL from when it was asked for, then loads again", async () => {
    let t = 0;
    const cache = createResultCache<string>({ ttlMs: 1000, maxEntries: 10, now: () => t });
    expect(await cache.get("k", async () => "a")).toBe("a");
    t = 999;
    expect(await cache.get("k", async () => "b")).toBe("a");
    t = 1000;
    expect(await cache.get("k", async () => "c")).toBe("c");
  });

  it("keeps no failure: the next caller loads again", async () => {
    const cache = createResultCache<string>({ ttlMs: 1000, maxEntries: 10 });
    await expect(cache.get("k", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(cache.size).toBe(0);
    expect(await cache.get("k", async () => "ok")).toBe("ok");
  });

  it("keeps at most maxEntries, dropping the least recently used", async () => {
    const cache = createResultCache<string>({ ttlMs: 60_000, maxEntries: 2 });
    await cache.get("a", async () => "a");
    await cache.get("b", async () => "b");
    await cache.get("a", async () => "a2"); // a is now the most recent
    await cache.get("c", async () => "c");
    expect(cache.size).toBe(2);
    expect(await cache.get("a", async () => "a3")).toBe("a");
    expect(await cache.get("b", async () => "b2")).toBe("b2");
  });
});
