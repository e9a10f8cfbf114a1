import { createEventsHarness } from "./harness";
import { enqueue, enqueueMany } from "./outbox";
import { createEvent } from "./event";
import { ping } from "./testing";
const h = await createEventsHarness("prof");
try {
  let t = performance.now();
  for (let i = 0; i < 5000; i++) createEvent(ping("a", i));
  console.log("createEvent x5000 ms", (performance.now() - t).toFixed(0));
  t = performance.now();
  for (let r = 0; r < 10; r++) await h.db.$transaction((tx) => enqueueMany(tx, Array.from({ length: 500 }, (_, i) => ping("a", i))));
  console.log("enqueueMany 10x500 ms", (performance.now() - t).toFixed(0));
  t = performance.now();
  for (let r = 0; r < 300; r++) await h.db.$transaction((tx) => enqueue(tx, ping("b", r)));
  console.log("enqueue 300 single tx ms", (performance.now() - t).toFixed(0));
  t = performance.now();
  await h.db.$transaction(async (tx) => { for (let i = 0; i < 500; i++) await tx.$executeRaw`INSERT INTO test_effects (consumer, event_id, aggregate_id, seq, occurred_at) VALUES ('x', gen_random_uuid(), 'a', ${i}, now())`; });
  console.log("500 inserts in one tx ms", (performance.now() - t).toFixed(0));
  t = performance.now();
  await h.db.$transaction(async (tx) => { for (let i = 0; i < 500; i++) await tx.$executeRaw`SELECT 1`; });
  console.log("500 SELECT 1 in one tx ms", (performance.now() - t).toFixed(0));
} finally { await h.close(); }
