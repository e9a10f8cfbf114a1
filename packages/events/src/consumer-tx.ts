import type { Db } from "@bazaar/db";
import { contextFromHeaders, withSpan } from "@bazaar/observability";
import type { KafkaMessage } from "kafkajs";
import type { HandlerContext, Subscription } from "./consumer-types";
import type { DomainEvent, EventType } from "./contracts/registry";
import { claimInbox, scopeToTenant } from "./inbox";

export interface Item {
  message: KafkaMessage;
  event: DomainEvent;
  subscription: Subscription<EventType> | undefined;
}

/** Handler code threw inside a transaction; names the events of that call so the others need not retry. */
export class HandlerFailed extends Error {
  constructor(
    readonly items: Item[],
    override readonly cause: unknown,
  ) {
    super("handler failed");
  }
}

export interface TransactionScope {
  db: Db;
  groupId: string;
  topic: string;
  partition: number;
  attempt: number;
  timeoutMs: number;
}

type AnyHandler = (event: DomainEvent, ctx: HandlerContext) => Promise<void>;
type AnyBatch = (events: DomainEvent[], ctx: Omit<HandlerContext, "offset">) => Promise<void>;

/**
 * Runs the subscribed handlers of `items` in ONE transaction together with their inbox rows, and
 * returns the ids handled. An id already in the inbox (or repeated in `items`) is not handled again.
 * Throws HandlerFailed when handler code throws, anything else when the database does; either way the
 * transaction, inbox rows included, is rolled back.
 */
export async function handleInTransaction(scope: TransactionScope, items: readonly Item[]): Promise<Set<string>> {
  const { db, groupId, topic, partition, attempt } = scope;
  const subscribed = items.filter((i) => i.subscription);
  const handled = new Set<string>();
  if (subscribed.length === 0) return handled;
  await db.$transaction(
    async (tx) => {
      const fresh = await claimInbox(
        tx,
        groupId,
        subscribed.map((i) => ({ eventId: i.event.id, topic, partition, offset: i.message.offset })),
      );
      const run: Item[] = [];
      for (const item of subscribed) {
        if (!fresh.has(item.event.id) || handled.has(item.event.id)) continue;
        handled.add(item.event.id);
        run.push(item);
      }
      let tenantScope: string | null | undefined;
      for (let i = 0; i < run.length; ) {
        const first = run[i]!;
        const sub = first.subscription!;
        // A batch call covers consecutive events of one subscription and one tenant (RLS scope is per call).
        let j = i + 1;
        if (typeof sub !== "function") {
          while (j < run.length && run[j]!.subscription === sub && run[j]!.event.tenantId === first.event.tenantId) j++;
        }
        const group = run.slice(i, j);
        i = j;
        if (first.event.tenantId !== tenantScope) {
          await scopeToTenant(tx, first.event.tenantId);
          tenantScope = first.event.tenantId;
        }
        const attributes = {
          "messaging.system": "kafka",
          "messaging.operation": "process",
          "messaging.destination.name": topic,
          "messaging.consumer.group.name": groupId,
          "messaging.message.id": first.event.id,
          "messaging.kafka.offset": Number(first.message.offset),
          "messaging.batch.message_count": group.length,
          "bazaar.event.type": first.event.type,
        };
        try {
          await withSpan(
            `${first.event.type} process`,
            attributes,
            () =>
              typeof sub === "function"
                ? (sub as AnyHandler)(first.event, { tx, topic, partition, offset: first.message.offset, attempt })
                : (sub.batch as AnyBatch)(
                    group.map((g) => g.event),
                    { tx, topic, partition, attempt },
                  ),
            // A batch span continues the first event's trace; the others' stay joinable by event id.
            contextFromHeaders(first.message.headers),
          );
        } catch (error) {
          throw new HandlerFailed(group, error);
        }
      }
    },
    { timeout: scope.timeoutMs, maxWait: scope.timeoutMs },
  );
  return handled;
}
