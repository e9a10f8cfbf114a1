import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import type { Db } from "@bazaar/db";
import type { Kafka } from "kafkajs";
import { z } from "zod";
import { replayDlq } from "./dlq";
import { listDlq } from "./dlq-list";
import { dlqReplaysOf, recordDlqReplays } from "./dlq-replays";
import type { EventProducer } from "./producer";
import { physicalTopic, topicRegistry, type TopicNaming } from "./topics";

export const DLQ_USAGE = `usage:
  dlq list <topic> [--limit N]              newest dead letters of <topic>.dlq, with error, attempts, replayed
  dlq replay <topic> --id <event id> ...    send these dead letters back to <topic>
  dlq replay <topic> --all                  send every dead letter of <topic>.dlq back
<topic> is a logical topic name (${topicRegistry.filter((t) => !t.name.endsWith(".dlq")).map((t) => t.name).slice(0, 3).join(", ")}, ...).`;

export interface DlqCliDeps {
  db: Db;
  kafka: Kafka;
  producer?: EventProducer;
  naming: TopicNaming;
  out: (line: string) => void;
  /** Who is recorded as having replayed; default `cli:<OS user>`. */
  actor?: string;
}

const argsSchema = z.discriminatedUnion("command", [
  z.object({ command: z.literal("list"), topic: z.string().min(1), limit: z.coerce.number().int().min(1).max(10_000).default(50) }),
  z.object({
    command: z.literal("replay"),
    topic: z.string().min(1),
    ids: z.array(z.uuid()).default([]),
    all: z.boolean().default(false),
  }).refine((a) => a.all !== a.ids.length > 0, "pass --id <event id> (repeatable) or --all, not both"),
]);

/** Parses and runs one command; returns the process exit code (2 for a usage error). */
export async function runDlqCli(argv: readonly string[], deps: DlqCliDeps): Promise<number> {
  let parsed;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { limit: { type: "string" }, id: { type: "string", multiple: true }, all: { type: "boolean" } },
    });
    parsed = argsSchema.parse({ command: positionals[0], topic: positionals[1], limit: values.limit, ids: values.id, all: values.all });
  } catch (error) {
    deps.out(`${error instanceof z.ZodError ? error.issues.map((i) => i.message).join("; ") : String(error)}\n${DLQ_USAGE}`);
    return 2;
  }
  const topic = physicalTopic(parsed.topic, deps.naming);
  if (parsed.command === "list") {
    const [entries, replays] = await Promise.all([listDlq({ topic, kafka: deps.kafka, limit: parsed.limit }), dlqReplaysOf(deps.db, `${topic}.dlq`)]);
    deps.out(`${entries.length} dead letter(s) in ${topic}.dlq (newest first)`);
    for (const e of entries) {
      const replayed = replays.get(`${e.partition}:${e.offset}`);
      deps.out(
        [
          `${e.partition}:${e.offset}`,
          e.eventId ?? "-",
          e.type ?? "-",
          `attempts=${e.attempts ?? "?"}`,
          `group=${e.consumerGroup ?? "?"}`,
          `failed=${e.failedAt ?? "?"}`,
          replayed ? `replayed=${replayed.replayedAt.toISOString()} by ${replayed.replayedBy}` : "not replayed",
          `error=${(e.error ?? "").replace(/\s+/g, " ").slice(0, 160)}`,
        ].join("  "),
      );
    }
    return 0;
  }
  const result = await replayDlq({ topic, kafka: deps.kafka, producer: deps.producer, ids: parsed.all ? undefined : parsed.ids });
  await recordDlqReplays(deps.db, result.positions, deps.actor ?? `cli:${userInfo().username}`, topic);
  deps.out(`replayed ${result.replayed.length} of ${result.scanned} dead letter(s) from ${topic}.dlq to ${topic}`);
  for (const id of result.replayed) deps.out(`  ${id}`);
  if (!parsed.all) {
    const missing = parsed.ids.filter((id) => !result.replayed.includes(id));
    if (missing.length > 0) {
      deps.out(`not found in the DLQ: ${missing.join(", ")}`);
      return 1;
    }
  }
  return 0;
}
