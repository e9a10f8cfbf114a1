import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { metricsText } from "@bazaar/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsumer, type EventConsumer } from "./consumer";
import { createEventsHarness, effectSummary, recordEffects, type EventsHarness } from "./harness";
import type { NewEvent } from "./event";
import { enqueueMany } from "./outbox";
import { createPgOutboxStore } from "./outbox-store";
import { createProducer, type EventProducer } from "./producer";
import { createRelay, type OutboxRelay } from "./relay";
import { createHandlerSpy, ping, waitUntil, type HandlerSpy } from "./testing";

let h: EventsHarness;
let producer: EventProducer;
let consumer: EventConsumer;
let spy: HandlerSpy;
const group = "relay";
const relays: OutboxRelay[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  h = await createEventsHarness("relay");
  producer = createProducer({ kafka: h.kafka });
  await producer.connect();
  spy = createHandlerSpy();
  consumer = createConsumer({
    groupId: `${h.prefix}${group}`,
    // A batch subscription keeps this 8,400-event test quick; the per-event path is covered in pipeline.
    subscriptions: { "test.ping.sent": recordEffects(group) },
    db: h.db,
    kafka: h.kafka,
    naming: h.naming,
    logger: h.logger,
    observer: spy,
    maxEventsPerTransaction: 500,
  });
  await consumer.start();
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const r of relays) await r.stop();
  await consumer?.stop();
  await producer?.disconnect();
  await h?.close();
});

function startRelay(batchSize = 500): OutboxRelay {
  const relay = createRelay({
    store: createPgOutboxStore({ connectionString: h.database.url }),
    producer,
    naming: h.naming,
    logger: h.logger,
    batchSize,
    standbyRetryMs: 100,
  });
  relays.push(relay);
  relay.start();
  return relay;
}

async function countPublished(): Promise<number> {
  const [row] = await h.ownerQuery<{ n: string }>("SELECT count(*) AS n FROM outbox_events WHERE published_at IS NOT NULL");
  return Number(row!.n);
}

/** Interleaved events for `aggregates`, `perAggregate` each, written in transactions of `perTx`. */
async function writeBacklog(label: string, aggregates: number, perAggregate: number, perTx: number): Promise<string[]> {
  const all: NewEvent<"test.ping.sent">[] = [];
  for (let seq = 0; seq < perAggregate; seq++) for (let a = 0; a < aggregates; a++) all.push(ping(`${label}-${a}`, seq));
  const ids: string[] = [];
  for (let i = 0; i < all.length; i += perTx) {
    const events = await h.db.$transaction((tx) => enqueueMany(tx, all.slice(i, i + perTx)));
    ids.push(...events.map((e) => e.id));
  }
  return ids;
}

function expectOrdered(seqs: Map<string, number[]>, label: string, aggregates: number, perAggregate: number) {
  for (let a = 0; a < aggregates; a++) {
    expect(seqs.get(`${label}-${a}`), `${label}-${a}`).toEqual(Array.from({ length: perAggregate }, (_, i) => i));
  }
}

describe("outbox relay", () => {
  it("keeps one relay active; the standby takes over when it stops", async () => {
    const first = startRelay();
    const second = startRelay();
    const [active, standby] = await waitUntil(() => {
      const states = [first, second].map((r) => r.state).sort();
      return states[0] === "active" && states[1] === "standby" ? (first.state === "active" ? [first, second] : [second, first]) : false;
    }, { description: "one active and one standby relay" });

    const before = await writeBacklog("handover-a", 3, 10, 10);
    await spy.waitForAll(before);
    expect(standby.published).toBe(0);

    await active.stop();
    await waitUntil(() => standby.state === "active", { description: "standby relay to take over" });
    const after = await writeBacklog("handover-b", 3, 10, 10);
    await spy.waitForAll(after);
    // The relay counts a batch once it is marked published, a moment after Kafka delivered it to the spy.
    await waitUntil(() => standby.published >= after.length, { description: "the standby to count the batch it published" });
    expect(standby.published).toBe(after.length);
    await standby.stop();
  });

  it("deletes published rows past their retention and reports lag, batch sizes and counts", async () => {
    const relay = createRelay({
      store: createPgOutboxStore({ connectionString: h.database.url }),
      producer,
      naming: h.naming,
      logger: h.logger,
      retentionMs: 1,
      cleanupIntervalMs: 0,
    });
    relays.push(relay);
    relay.start();
    const ids = await writeBacklog("cleanup", 2, 5, 10);
    await spy.waitForAll(ids);
    await waitUntil(
      async () => (await h.ownerQuery("SELECT 1 FROM outbox_events WHERE event_id = ANY($1::uuid[])", [ids])).length === 0,
      { description: "published rows to be cleaned up" },
    );
    const text = await metricsText();
    expect(text).toMatch(/^bazaar_outbox_published_total\{topic="test.events"\} \d+/m);
    expect(text).toMatch(/^bazaar_outbox_relay_batch_size_count \d+/m);
    expect(text).toMatch(/^bazaar_outbox_lag_seconds \d/m);
    expect(text).toMatch(/^bazaar_outbox_cleaned_total [1-9]/m);
    await relay.stop();
  });

  it("loses nothing and keeps per-aggregate order when the relay is SIGKILLed mid-backlog", { timeout: 240_000 }, async () => {
    const aggregates = 12;
    const perAggregate = 700;
    const ids = await writeBacklog("crash", aggregates, perAggregate, 2_000);

    // Three relay processes in turn, each SIGKILLed as soon as it logs that a batch was sent (before it
    // marks it published), so the next relay sends that batch again; the inbox must absorb the copies.
    let publishedAtKill = 0;
    for (let round = 1; round <= 3; round++) {
      const child = spawn(process.execPath, ["--import", "tsx", "src/scripts/run-relay.ts"], {
        cwd: join(import.meta.dirname, ".."),
        env: {
          ...process.env,
          DATABASE_URL: h.database.url,
          KAFKA_TOPIC_PREFIX: h.prefix,
          OUTBOX_RELAY_BATCH_SIZE: "250",
          LOG_LEVEL: "debug",
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      children.push(child);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
      let sent = 0;
      const killed = new Promise<void>((resolve) => {
        createInterface({ input: child.stdout! }).on("line", (line) => {
          if (line.includes('"outbox batch sent"') && ++sent === 5) {
            child.kill("SIGKILL");
            resolve();
          }
        });
      });
      await Promise.race([killed, exited]);
      expect(await exited).toBe("SIGKILL");
      publishedAtKill = await countPublished();
    }
    expect(publishedAtKill).toBeLessThan(ids.length);

    startRelay();
    await spy.waitForAll(ids, { timeoutMs: 120_000 });

    const summary = await effectSummary(h, group);
    const crashRows = [...summary.seqsByAggregate].filter(([a]) => a.startsWith("crash-"));
    expect(crashRows.reduce((n, [, s]) => n + s.length, 0)).toBe(ids.length);
    expect(new Set(spy.records.filter((r) => r.outcome === "handled").map((r) => r.eventId)).size).toBe(spy.count("handled"));
    expectOrdered(summary.seqsByAggregate, "crash", aggregates, perAggregate);
    expect(await countPublished()).toBe(Number((await h.ownerQuery<{ n: string }>("SELECT count(*) AS n FROM outbox_events"))[0]!.n));
  });
});
