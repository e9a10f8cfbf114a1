import { createConsumer } from "./consumer";
import { createEventsHarness, recordEffect } from "./harness";
import { enqueueMany } from "./outbox";
import { createPgOutboxStore } from "./outbox-store";
import { createProducer } from "./producer";
import { createRelay } from "./relay";
import { collectMessages, createHandlerSpy, ping } from "./testing";
const h = await createEventsHarness("dbg");
const producer = createProducer({ kafka: h.kafka }); await producer.connect();
const relay = createRelay({ store: createPgOutboxStore({ connectionString: h.database.url }), producer, naming: h.naming, batchSize: 100 });
relay.start();
const spy = createHandlerSpy();
const consumer = createConsumer({ groupId: `${h.prefix}g`, subscriptions: { "test.ping.sent": recordEffect("g") }, db: h.db, kafka: h.kafka, naming: h.naming, observer: spy, logger: undefined });
await consumer.start();
const aggregates = Array.from({ length: 12 }, (_, i) => `agg-${i}`);
const ids: string[] = [];
for (let seq = 0; seq < 40; seq += 4) {
  await Promise.all(aggregates.map((a) => h.db.$transaction(async (tx) => { const ev = await enqueueMany(tx, [0, 1, 2, 3].map((k) => ping(a, seq + k))); ids.push(...ev.map((e) => e.id)); })));
}
await spy.waitForAll(ids);
const rows = await h.ownerQuery<{ aggregate_id: string; seqs: number[] }>("SELECT aggregate_id, array_agg(seq ORDER BY id) AS seqs FROM test_effects GROUP BY aggregate_id");
for (const r of rows) { const ok = r.seqs.every((s, i) => s === i); if (!ok) console.log(r.aggregate_id, r.seqs.join(",")); }
const bad = rows.find((r) => !r.seqs.every((s, i) => s === i));
if (bad) {
  console.log(await h.ownerQuery("select e.id, e.seq, i.partition, i.offset, e.handled_at from test_effects e join inbox_events i on i.event_id=e.event_id where e.aggregate_id=$1 order by e.id", [bad.aggregate_id]));
  console.log(await h.ownerQuery("select position, (envelope->'payload'->>'seq')::int seq, created_at, published_at from outbox_events where key=$1 order by position", [bad.aggregate_id]));
}
const all = await collectMessages(h.kafka, h.topic, { count: ids.length });
const seen = all.map((m) => JSON.parse(m.value!.toString())).filter((e) => e.aggregate.id === bad?.aggregate_id);
console.log("wire", all.filter((m)=>m.key?.toString()===bad?.aggregate_id).map((m) => m.offset + ":" + JSON.parse(m.value!.toString()).payload.seq).join(" "));
void seen;
console.log("records", spy.records.filter(r=>r.event?.aggregate.id===bad?.aggregate_id).map(r=>`${r.outcome}:${r.offset}:${r.partition}`).join(" "));
await consumer.stop(); await relay.stop(); await producer.disconnect(); await h.close();
