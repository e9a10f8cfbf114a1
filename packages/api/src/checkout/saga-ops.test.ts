import { describe, expect, it } from "vitest";
import { listSagasSchema, retrySagaSchema } from "./saga-ops.schema";
import { isStuck } from "./saga-ops.service";

const rule = { overdueSeconds: 60, minAttempts: 3 };
const now = new Date("2026-12-02T12:00:00.000Z");
const at = (secondsFromNow: number) => new Date(now.getTime() + secondsFromNow * 1000);

describe("isStuck", () => {
  it("is an unfinished saga past its deadline by more than the grace, or failing its step often enough", () => {
    expect(isStuck({ state: "RUNNING", deadline: at(-61), attempts: 0 }, rule, now)).toBe(true);
    expect(isStuck({ state: "COMPENSATING", deadline: at(600), attempts: 3 }, rule, now)).toBe(true);
    expect(isStuck({ state: "RUNNING", deadline: at(-60), attempts: 2 }, rule, now)).toBe(false);
    expect(isStuck({ state: "RUNNING", deadline: at(5), attempts: 0 }, rule, now)).toBe(false);
  });

  it("is never a finished saga, however old or often retried", () => {
    expect(isStuck({ state: "CONFIRMED", deadline: at(-86_400), attempts: 9 }, rule, now)).toBe(false);
    expect(isStuck({ state: "COMPENSATED", deadline: at(-86_400), attempts: 9 }, rule, now)).toBe(false);
  });
});

describe("saga monitor inputs", () => {
  it("default to every view with the standard stuck rule, and refuse what is not a saga filter", () => {
    expect(listSagasSchema.parse({})).toMatchObject({ view: "all", overdueSeconds: 60, minAttempts: 3, limit: 25 });
    expect(listSagasSchema.safeParse({ view: "lost" }).success).toBe(false);
    expect(listSagasSchema.safeParse({ step: "PAY" }).success).toBe(false);
    expect(listSagasSchema.safeParse({ minAttempts: 0 }).success).toBe(false);
    expect(retrySagaSchema.safeParse({ sagaId: "not-a-uuid", expectedVersion: 0, reason: "x" }).success).toBe(false);
    expect(retrySagaSchema.safeParse({ sagaId: crypto.randomUUID(), expectedVersion: 1.5, reason: "x" }).success).toBe(false);
    expect(retrySagaSchema.safeParse({ sagaId: crypto.randomUUID(), expectedVersion: 0, reason: "bad\u0000byte" }).success).toBe(false);
  });
});
