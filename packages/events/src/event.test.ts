import { describe, expect, it } from "vitest";
import { createEvent, causedBy } from "./event";
import { InvalidEventError } from "./errors";
import { TRACEPARENT_PATTERN } from "./envelope";

const tenantId = "0b6c2f4e-3d1a-4e8b-9c7d-5f2e1a0b9c8d";

describe("createEvent", () => {
  it("fills the envelope around a valid payload", () => {
    const e = createEvent({ type: "test.ping.sent", version: 1, tenantId: null, aggregateId: "a-1", payload: { seq: 3 } });
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.correlationId).toBe(e.id);
    expect(e.causationId).toBeNull();
    expect(e.aggregate).toEqual({ type: "ping", id: "a-1" });
    expect(e.trace.traceparent).toMatch(TRACEPARENT_PATTERN);
    expect(Number.isNaN(Date.parse(e.occurredAt))).toBe(false);
    expect(e.payload.seq).toBe(3);
  });

  it("carries correlation from the event that caused it", () => {
    const cause = createEvent({ type: "test.ping.sent", version: 1, tenantId, aggregateId: "a", payload: { seq: 0 } });
    const next = createEvent({ type: "test.ping.sent", version: 1, tenantId, aggregateId: "a", payload: { seq: 1 }, ...causedBy(cause) });
    expect(next.correlationId).toBe(cause.id);
    expect(next.causationId).toBe(cause.id);
  });

  it("throws a typed error for a payload that breaks the contract", () => {
    const bad = () =>
      createEvent({
        type: "tenants.tenant.created",
        version: 1,
        tenantId,
        aggregateId: tenantId,
        payload: { tenantId, slug: "", name: "x", type: "MARKETPLACE", plan: "FREE", ownerUserId: tenantId },
      });
    expect(bad).toThrow(InvalidEventError);
    try {
      bad();
    } catch (error) {
      expect((error as InvalidEventError).reason).toBe("invalid-payload");
      expect((error as InvalidEventError).message).toContain("slug");
    }
  });

  it("rejects an unknown version and a non-UUID tenant", () => {
    expect(() =>
      // @ts-expect-error version 2 of test.ping.sent does not exist
      createEvent({ type: "test.ping.sent", version: 2, tenantId: null, aggregateId: "a", payload: { seq: 0 } }),
    ).toThrow(/no contract/);
    expect(() =>
      createEvent({ type: "test.ping.sent", version: 1, tenantId: "tenant-1", aggregateId: "a", payload: { seq: 0 } }),
    ).toThrow(InvalidEventError);
  });

  it("type-checks the payload against the event type", () => {
    expect(() =>
      // @ts-expect-error seq must be a number
      createEvent({ type: "test.ping.sent", version: 1, tenantId: null, aggregateId: "a", payload: { seq: "1" } }),
    ).toThrow(InvalidEventError);
  });
});
