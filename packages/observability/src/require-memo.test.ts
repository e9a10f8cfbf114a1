import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoizeRequiresFrom } from "./require-memo";

// A package that requires lazily on every call (as kafkajs does per request), under a hook that counts
// what reaches it (as OpenTelemetry's require hook sits under the memo).

const root = mkdtempSync(join(tmpdir(), "require-memo-"));
const pkg = join(root, "node_modules", "lazy-encoder");
mkdirSync(pkg, { recursive: true });
writeFileSync(join(pkg, "v1.js"), "module.exports = { encode: (x) => `v1:${x}` };");
writeFileSync(join(pkg, "index.js"), "module.exports = (x) => require('./v1').encode(x);");
writeFileSync(join(root, "other.js"), "module.exports = () => require('./node_modules/lazy-encoder/v1');");

const Module = createRequire(import.meta.url)("node:module") as { prototype: { require: (this: unknown, id: string) => unknown } };
const seen: string[] = [];
const underlying = Module.prototype.require;
Module.prototype.require = function (this: unknown, id: string) {
  seen.push(id);
  return underlying.call(this, id);
};
memoizeRequiresFrom(["lazy-encoder"]);
const load = createRequire(join(root, "entry.js"));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("memoizeRequiresFrom", () => {
  it("answers a package's repeated require from the memo: the hook below sees it once, the exports are the module's", () => {
    const encode = load("./node_modules/lazy-encoder") as (x: string) => string;
    seen.length = 0;
    for (let i = 0; i < 5; i++) expect(encode(`m${i}`)).toBe(`v1:m${i}`);
    expect(seen.filter((id) => id === "./v1")).toEqual(["./v1"]);
    expect(load("./node_modules/lazy-encoder/v1")).toBe(load("./node_modules/lazy-encoder/v1"));
  });

  it("leaves requires from other files to the hooks every time", () => {
    const other = load("./other.js") as () => unknown;
    seen.length = 0;
    other();
    other();
    expect(seen.filter((id) => id === "./node_modules/lazy-encoder/v1")).toHaveLength(2);
  });
});
