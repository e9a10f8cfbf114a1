import type { Prisma } from "@bazaar/db";
import {
  createConsumer,
  eventContracts,
  eventTopics,
  type ConsumerObserver,
  type DomainEvent,
  type EventType,
  type Handler,
  type HandlerContext,
  type Subscriptions,
} from "@bazaar/events";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { appendAuditEntry, type AuditInput } from "./audit-log.service";

export const AUDIT_LOG_GROUP = "audit-log";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every production event type (test-only contracts travel on topics production never has). CDC streams
 * are left out: they are row images, not domain facts, and their messages need their own decoder.
 */
export function productionEventTypes(): EventType[] {
  const topics = new Set<string>(eventTopics.map((t) => t.name));
  const fromOutbox = (c: (typeof eventContracts)[number]) => !("producedBy" in c) || c.producedBy !== "cdc";
  return [...new Set(eventContracts.filter((c) => topics.has(c.topic) && fromOutbox(c)).map((c) => c.type))];
}

/** The audit record of one domain event: what happened, to which aggregate, and the full envelope. */
export function auditInputFor(event: DomainEvent, ctx: Pick<HandlerContext, "topic" | "partition" | "offset">): AuditInput {
  const payload = event.payload as Record<string, unknown>;
  const actorId = typeof payload.actorId === "string" && UUID.test(payload.actorId) ? payload.actorId : null;
  return {
    tenantId: event.tenantId,
    actorId,
    action: event.type,
    entityType: event.aggregate.type,
    entityId: event.aggregate.id,
    eventId: event.id,
    data: {
      version: event.version,
      occurredAt: event.occurredAt,
      correlationId: event.correlationId,
      causationId: event.causationId,
      payload: event.payload as Prisma.InputJsonValue,
      source: { topic: ctx.topic, partition: ctx.partition, offset: ctx.offset },
    },
  };
}

export interface AuditLogConsumerOptions {
  /** Event types to record; every production type by default. */
  eventTypes?: readonly EventType[];
  observer?: ConsumerObserver;
}

export function createAuditLogWorker(deps: WorkerDeps, options: AuditLogConsumerOptions = {}): Worker {
  const handler = async (event: DomainEvent, ctx: HandlerContext) => {
    // ctx.tx is already scoped to the event's tenant (platform context for tenant-less events), which is
    // exactly the chain the entry belongs to.
    await appendAuditEntry(ctx.tx, auditInputFor(event, ctx));
  };
  const subscriptions: Subscriptions = {};
  // One handler for every type: DomainEvent is the union of each EventOf<T>, so it accepts each of them.
  for (const type of options.eventTypes ?? productionEventTypes()) {
    (subscriptions as Record<EventType, Handler<EventType>>)[type] = handler;
  }
  const consumer = createConsumer({
    groupId: `${deps.naming.prefix}${AUDIT_LOG_GROUP}`,
    subscriptions,
    db: deps.db,
    kafka: deps.kafka,
    logger: deps.logger.child({ worker: AUDIT_LOG_GROUP }),
    // Each transaction holds its chain's advisory lock until commit; one event per transaction means
    // a transaction never holds two chains' locks, so partitions handled in parallel cannot deadlock.
    maxEventsPerTransaction: 1,
    naming: deps.naming,
    ...(options.observer ? { observer: options.observer } : {}),
  });
  return consumerWorker(AUDIT_LOG_GROUP, consumer);
}

export const auditLogWorker: WorkerDefinition = {
  name: AUDIT_LOG_GROUP,
  description: "appends every domain event to the hash-chained audit log",
  create: (deps) => createAuditLogWorker(deps),
};
