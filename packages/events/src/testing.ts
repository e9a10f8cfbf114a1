// Test helpers for any package's integration tests: `import { ... } from "@bazaar/events/testing"`.
import { randomBytes } from "node:crypto";
import type { Kafka, KafkaMessage } from "kafkajs";
import type { ConsumeOutcome, ConsumeRecord, ConsumerObserver } from "./consumer-types";
import { pingSentV1 } from "./contracts/test-only.event";
import type { NewEvent } from "./event";
import { provisionTopics, type ProvisionRow } from "./provision";
import { testTopicSpecs } from "./topics";

export { pingSentV1 };

export interface WaitOptions {
  timeoutMs?: number;
  /** Poll interval for `waitUntil`. */
  intervalMs?: number;
  /** Named in the timeout error. */
  description?: string;
}

/**
 * Polls `probe` until it returns something other than undefined/false/null, or fails after `timeoutMs`
 * with the last value seen. The way to wait for an asynchronous effect without a fixed sleep.
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await probe();
    if (last !== undefined && last !== null && last !== false) return last as T;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.description ?? "condition"} (last: ${String(last)})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface HandlerSpy extends ConsumerObserver {
  readonly records: readonly ConsumeRecord[];
  /** Records for one event id, oldest first. */
  recordsFor(eventId: string): ConsumeRecord[];
  count(outcome?: ConsumeOutcome): number;
  /**
   * Resolves with the first record of `eventId` (with `outcome` when given), including one that already
   * happened; rejects after `timeoutMs`.
   */
  waitFor(eventId: string, options?: { outcome?: ConsumeOutcome; timeoutMs?: number }): Promise<ConsumeRecord>;
  /** Resolves once every id has a record with `outcome` (default `handled`). */
  waitForAll(eventIds: readonly string[], options?: { outcome?: ConsumeOutcome; timeoutMs?: number }): Promise<void>;
}

/** Pass as a consumer's `observer`; it records every outcome after the fact (after commit when handled). */
export function createHandlerSpy(): HandlerSpy {
  const records: ConsumeRecord[] = [];
  const waiters = new Set<{ match: (r: ConsumeRecord) => boolean; resolve: (r: ConsumeRecord) => void }>();

  const waitFor: HandlerSpy["waitFor"] = (eventId, options = {}) => {
    const match = (r: ConsumeRecord) => r.eventId === eventId && (!options.outcome || r.outcome === options.outcome);
    const seen = records.find(match);
    if (seen) return Promise.resolve(seen);
    const timeoutMs = options.timeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (r: ConsumeRecord) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`event ${eventId} not ${options.outcome ?? "seen"} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  };

  return {
    records,
    onRecord(record) {
      records.push(record);
      for (const w of [...waiters]) if (w.match(record)) w.resolve(record);
    },
    recordsFor: (eventId) => records.filter((r) => r.eventId === eventId),
    count: (outcome) => (outcome ? records.filter((r) => r.outcome === outcome).length : records.length),
    waitFor,
    async waitForAll(eventIds, options = {}) {
      const outcome = options.outcome ?? "handled";
      const timeoutMs = options.timeoutMs ?? 60_000;
      const pending = new Set(eventIds);
      for (const r of records) if (r.outcome === outcome && r.eventId) pending.delete(r.eventId);
      if (pending.size === 0) return;
      await new Promise<void>((resolve, reject) => {
        const waiter = {
          match: (r: ConsumeRecord) => {
            if (r.outcome === outcome && r.eventId) pending.delete(r.eventId);
            return pending.size === 0;
          },
          resolve: () => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${pending.size} of ${eventIds.length} events not ${outcome} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}

/** A topic prefix unique to this run (`it.<label>.<random>.`), so runs never share topics or groups. */
export function uniqueTopicPrefix(label: string): string {
  return `it.${label}.${Date.now().toString(36)}${randomBytes(3).toString("hex")}.`;
}

/** Creates `test.events` and its DLQ under `prefix` with the provisioning code the `topics` script uses. */
export async function provisionTestTopics(kafka: Kafka, prefix: string): Promise<ProvisionRow[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await provisionTopics(admin, testTopicSpecs(prefix));
  } finally {
    await admin.disconnect();
  }
}

/** Deletes every topic under `prefix` (test clean-up). */
export async function deleteTopicsWithPrefix(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** A `test.ping.sent` event for aggregate `aggregateId`, its `seq`-th. */
export function ping(aggregateId: string, seq: number, extra: Partial<NewEvent<"test.ping.sent">> = {}): NewEvent<"test.ping.sent"> {
  return { type: "test.ping.sent", version: 1, tenantId: null, aggregateId, payload: { seq }, ...extra };
}

/**
 * Reads `topic` from its beginning with a throw-away group until `until` accepts the messages seen so
 * far (default: at least `count`), or fails after `timeoutMs`.
 */
export async function collectMessages(
  kafka: Kafka,
  topic: string,
  options: { count?: number; until?: (messages: KafkaMessage[]) => boolean; timeoutMs?: number },
): Promise<KafkaMessage[]> {
  const until = options.until ?? ((m: KafkaMessage[]) => m.length >= (options.count ?? 1));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const groupId = `it.collect.${randomBytes(6).toString("hex")}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`collected ${seen.length} messages from ${topic} within ${timeoutMs} ms; wanted more`)),
        timeoutMs,
      );
      const check = () => {
        if (until(seen)) {
          clearTimeout(timer);
          resolve();
        }
      };
      consumer
        .run({
          eachMessage: async ({ message }) => {
            seen.push(message);
            check();
          },
        })
        .catch(reject);
    });
    return seen;
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

export {
  insertStockLevel,
  provisionCdcTopic,
  replicationUrlFor,
  seedStockFixture,
  startTestStockCdc,
  type StockFixture,
  type TestStockCdc,
} from "./cdc/cdc.testing";
