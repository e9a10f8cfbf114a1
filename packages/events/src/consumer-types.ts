import type { Tx } from "@bazaar/db";
import type { DomainEvent, EventOf, EventType } from "./contracts/registry";

export interface HandlerContext {
  /** The transaction the inbox row is written in; scoped to the event's tenant (platform if none). */
  tx: Tx;
  topic: string;
  partition: number;
  offset: string;
  /** 1 on first delivery to the handler, higher on retries. */
  attempt: number;
}

export type Handler<T extends EventType> = (event: EventOf<T>, ctx: HandlerContext) => Promise<void>;

/**
 * For projections that write many rows at once: receives a run of consecutive new events of one type
 * and one tenant (in partition order) in the shared transaction. When it throws, each event of the run
 * is retried alone (`[event]`), so retries and the DLQ work per event as for a plain handler.
 */
export interface BatchSubscription<T extends EventType> {
  batch: (events: EventOf<T>[], ctx: Omit<HandlerContext, "offset">) => Promise<void>;
}

export type Subscription<T extends EventType> = Handler<T> | BatchSubscription<T>;

/** One handler per event type a group cares about; types are checked against the contract registry. */
export type Subscriptions = { [T in EventType]?: Subscription<T> };

export type ConsumeOutcome = "handled" | "duplicate" | "skipped" | "dead-lettered";

/** What happened to one message, reported after the fact (after commit for `handled`). */
export interface ConsumeRecord {
  outcome: ConsumeOutcome;
  eventId: string | undefined;
  type: string | undefined;
  topic: string;
  partition: number;
  offset: string;
  /** Handler attempts made (0 when the message never reached a handler). */
  attempts: number;
  error?: string;
  event?: DomainEvent;
}

export interface ConsumerObserver {
  onRecord(record: ConsumeRecord): void;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  multiplier: number;
}

export function backoffDelay(attempt: number, b: BackoffOptions): number {
  return Math.min(b.maxMs, b.initialMs * b.multiplier ** Math.max(0, attempt - 1));
}
