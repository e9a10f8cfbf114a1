import { describe, expect, it } from "vitest";
import { resolveWorkers, UnknownWorkerError, workerRegistry } from "./registry";

describe("resolveWorkers", () => {
  it("returns the named definitions once each, in order", () => {
    expect(resolveWorkers(["audit-log", "outbox-relay", "audit-log"]).map((d) => d.name)).toEqual(["audit-log", "outbox-relay"]);
  });

  it("refuses unknown names, listing the known ones", () => {
    expect(() => resolveWorkers(["audit-log", "sagas"])).toThrow(UnknownWorkerError);
    expect(() => resolveWorkers(["sagas"])).toThrow(/known: outbox-relay, audit-log/);
  });

  it("expands `all` to every registered worker", () => {
    expect(resolveWorkers(["all"]).map((d) => d.name)).toEqual(Object.keys(workerRegistry));
  });

  it("refuses an empty list", () => {
    expect(() => resolveWorkers([])).toThrow(/WORKERS is empty/);
  });

  it("registers every definition under its own name", () => {
    for (const [key, def] of Object.entries(workerRegistry)) expect(def.name).toBe(key);
  });
});
