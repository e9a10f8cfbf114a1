import { createRequire } from "node:module";

// kafkajs requires its protocol encoders lazily, inside every request it sends: two `require()` calls
// per produce, fetch, heartbeat or offset commit. Node answers a repeated require from its module cache
// cheaply, but not once OpenTelemetry's require hook (require-in-the-middle, which resolves the file
// name again on every call to see whether it patches it) and tsx's resolution hooks sit in front of it:
// in CPU profiles of the workers those repeated requires cost ~10 % of the process (decision 0032).
// This remembers what a require made from inside one of `packages` answered, per calling file and
// request: exactly what the module cache would answer, since those packages never clear it. The first
// require still goes through every hook, so instrumentation sees (and patches) each module once.

const Module = createRequire(import.meta.url)("node:module") as {
  prototype: { require: (this: { filename?: string }, id: string) => unknown };
};

let installed = false;

export function memoizeRequiresFrom(packages: readonly string[]): void {
  if (installed) return;
  installed = true;
  const markers = packages.map((p) => `/node_modules/${p}/`);
  const original = Module.prototype.require;
  const memo = new Map<string, unknown>();
  Module.prototype.require = function (this: { filename?: string }, id: string) {
    const from = this.filename;
    if (from === undefined || !markers.some((m) => from.includes(m))) return original.call(this, id);
    const key = `${from}\0${id}`;
    if (memo.has(key)) return memo.get(key);
    const exports = original.call(this, id);
    memo.set(key, exports);
    return exports;
  };
}
