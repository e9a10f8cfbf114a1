import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Subscriptions } from "../consumer-types";
import { eventTopics, testTopics } from "../topics";
import { parseEvent } from "./parse";
import { eventContracts, type EventOf, type PayloadOf } from "./registry";

const fixturesDir = join(import.meta.dirname, "fixtures");
const brokenDir = join(fixturesDir, "broken");
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));
const jsonFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("event contracts", () => {
  it.each(eventContracts.map((c) => [`${c.type}.v${c.version}`, c] as const))(
    "%s has a fixture that parses into its contract",
    (name, contract) => {
      const result = parseEvent(readJson(join(fixturesDir, `${name}.json`)));
      if (!result.ok) throw result.error;
      expect(result.contract).toBe(contract);
      expect(result.event.type).toBe(contract.type);
      expect(result.event.version).toBe(contract.version);
    },
  );

  it("has no fixture without a contract", () => {
    const names = new Set(eventContracts.map((c) => `${c.type}.v${c.version}.json`));
    expect(jsonFiles(fixturesDir).filter((f) => !names.has(f))).toEqual([]);
  });

  it.each(jsonFiles(brokenDir))("rejects the broken fixture %s", (file) => {
    const result = parseEvent(readJson(join(brokenDir, file)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("EVENT_INVALID");
  });

  it("names why a broken fixture fails", () => {
    const reason = (file: string) => {
      const r = parseEvent(readJson(join(brokenDir, file)));
      return r.ok ? "ok" : r.error.reason;
    };
    expect(reason("tenants.tenant.created.v1.unknown-plan.json")).toBe("invalid-payload");
    expect(reason("identity.user.registered.v1.missing-trace.json")).toBe("invalid-envelope");
    expect(reason("test.ping.sent.v7.unknown-version.json")).toBe("unknown-contract");
    expect(reason("identity.login.failed.v1.unknown-reason.json")).toBe("invalid-payload");
  });

  it("keeps every version of a type on one topic and aggregate, and the type's domain on its topic", () => {
    const topicNames = new Set<string>([...eventTopics, ...testTopics].map((t) => t.name));
    for (const c of eventContracts) {
      const siblings = eventContracts.filter((o) => o.type === c.type);
      expect(new Set(siblings.map((s) => s.topic)).size).toBe(1);
      expect(new Set(siblings.map((s) => s.aggregateType)).size).toBe(1);
      expect(topicNames.has(c.topic)).toBe(true);
      expect(c.topic.startsWith(`${c.type.split(".")[0]}.`)).toBe(true);
    }
    const keys = eventContracts.map((c) => `${c.type}@${c.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("derives payload and handler types from the registry", () => {
    expectTypeOf<PayloadOf<"test.ping.sent">>().toEqualTypeOf<{ seq: number; body?: string | undefined }>();
    expectTypeOf<EventOf<"tenants.tenant.created">["payload"]["plan"]>().toEqualTypeOf<"FREE" | "PRO" | "ENTERPRISE">();
    expectTypeOf<Parameters<Extract<Subscriptions["identity.user.registered"], (...args: never[]) => unknown>>[0]["payload"]["email"]>().toBeString();
    // @ts-expect-error no such event type
    expectTypeOf<Subscriptions["orders.order.teleported"]>();
  });
});
