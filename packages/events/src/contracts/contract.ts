import type { z } from "zod";
import type { LogicalTopic } from "../topics";

/** One event type at one version: its payload schema, the topic it travels on and its aggregate kind. */
export interface EventContract<
  T extends string = string,
  V extends number = number,
  Topic extends LogicalTopic = LogicalTopic,
  P extends z.ZodType = z.ZodType,
> {
  type: T;
  version: V;
  topic: Topic;
  /** The aggregate whose id is the Kafka key, so that aggregate's events stay ordered in one partition. */
  aggregateType: string;
  payload: P;
  /**
   * Who writes it: our outbox (the default), or Debezium from the database's change stream ("cdc"), which
   * consumers read through a decoder (ConsumerOptions.decode) and the outbox never enqueues.
   */
  producedBy?: "outbox" | "cdc";
}

/** Keeps the literal type, version and topic of a contract so registry types can be derived from it. */
export function defineEvent<
  const T extends string,
  const V extends number,
  const Topic extends LogicalTopic,
  P extends z.ZodType,
>(contract: EventContract<T, V, Topic, P>): EventContract<T, V, Topic, P> {
  return contract;
}
