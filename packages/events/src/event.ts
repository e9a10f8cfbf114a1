import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { parseEvent } from "./contracts/parse";
import { findContract, type AnyContract, type ContractOf, type EventOf, type EventType } from "./contracts/registry";
import type { TraceContext } from "./envelope";
import { InvalidEventError } from "./errors";
import { currentTraceContext } from "./trace";

type NewEventOf<C extends AnyContract> = {
  type: C["type"];
  version: C["version"];
  payload: z.input<C["payload"]>;
  tenantId: string | null;
  aggregateId: string;
  /** Defaults: a random UUID, now, the event's own id, null, the active trace. */
  id?: string;
  occurredAt?: Date | string;
  correlationId?: string;
  causationId?: string | null;
  trace?: TraceContext;
};

/** What a caller supplies to emit an event of type T; the rest of the envelope is filled in. */
export type NewEvent<T extends EventType = EventType> =
  ContractOf<T> extends infer C ? (C extends AnyContract ? NewEventOf<C> : never) : never;

/** The correlation of an event emitted while handling `cause`, so one flow keeps one correlation id. */
export function causedBy(cause: { id: string; correlationId: string }): { correlationId: string; causationId: string } {
  return { correlationId: cause.correlationId, causationId: cause.id };
}

/** Builds the full envelope and checks it against the envelope schema and the type's contract. */
export function createEvent<I extends NewEvent>(newEvent: I): EventOf<I["type"]> {
  // Inside the generic body I is unresolved; every member of the union has this shape.
  const input = newEvent as NewEventOf<AnyContract>;
  const contract = findContract(input.type, input.version);
  if (!contract) throw new InvalidEventError("unknown-contract", `no contract for ${input.type} v${input.version}`);
  // Debezium writes these from the WAL; an outbox copy would be a second, unordered source of one stream.
  if ("producedBy" in contract && contract.producedBy === "cdc") {
    throw new InvalidEventError("unknown-contract", `${input.type} is produced by CDC, not through the outbox`);
  }
  const id = input.id ?? randomUUID();
  const occurredAt = input.occurredAt ?? new Date();
  const result = parseEvent({
    id,
    type: input.type,
    version: input.version,
    occurredAt: typeof occurredAt === "string" ? occurredAt : occurredAt.toISOString(),
    tenantId: input.tenantId,
    aggregate: { type: contract.aggregateType, id: input.aggregateId },
    correlationId: input.correlationId ?? id,
    causationId: input.causationId ?? null,
    trace: input.trace ?? currentTraceContext(),
    payload: input.payload,
  });
  if (!result.ok) throw result.error;
  return result.event as EventOf<I["type"]>;
}
