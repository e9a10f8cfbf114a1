import { createHash } from "node:crypto";

// A fixed namespace for CDC message ids (RFC 9562 name-based UUIDs, version 5).
const NAMESPACE = Buffer.from("6a1f0c3e9b2d4e7f8a5c1b0d2e3f4a5b", "hex");

/**
 * The same name always gives the same UUID: a redelivered change event (Connect's at-least-once after a
 * restart, a consumer rebalance) maps onto the id the inbox already holds, so it is not applied twice.
 */
export function nameUuid(name: string): string {
  const hash = createHash("sha1").update(NAMESPACE).update(name, "utf8").digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A W3C traceparent derived from a message id, for events whose producer carries no trace context. */
export function syntheticTraceparent(id: string): string {
  const hex = id.replaceAll("-", "");
  return `00-${hex}-${hex.slice(0, 16)}-01`;
}
