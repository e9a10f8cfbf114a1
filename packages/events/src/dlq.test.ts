import type { KafkaMessage } from "kafkajs";
import { describe, expect, it } from "vitest";
import { backoffDelay } from "./consumer-types";
import { DLQ_HEADERS, deadLetterMessage } from "./dlq";

describe("dead letters", () => {
  it("keeps key, value and original headers and adds the failure", () => {
    const message = {
      key: Buffer.from("agg-1"),
      value: Buffer.from("{}"),
      offset: "42",
      timestamp: "0",
      attributes: 0,
      headers: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
    } as KafkaMessage;
    const out = deadLetterMessage({ topic: "p.test.events", partition: 2, message, groupId: "g", error: "x".repeat(5000), attempts: 3 });
    expect(out.topic).toBe("p.test.events.dlq");
    expect(out.key).toBe("agg-1");
    expect(out.headers.traceparent).toBe(message.headers!.traceparent);
    expect(out.headers[DLQ_HEADERS.attempts]).toBe("3");
    expect(out.headers[DLQ_HEADERS.originalTopic]).toBe("p.test.events");
    expect(out.headers[DLQ_HEADERS.originalPartition]).toBe("2");
    expect(out.headers[DLQ_HEADERS.originalOffset]).toBe("42");
    expect(out.headers[DLQ_HEADERS.consumerGroup]).toBe("g");
    expect(String(out.headers[DLQ_HEADERS.error]).length).toBe(2000);
  });

  it("backs off exponentially up to a ceiling", () => {
    const b = { initialMs: 100, maxMs: 1_000, multiplier: 2 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, b))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});
