import { createHash } from "node:crypto";
import { z } from "zod";
import { physicalTopic, type TopicNaming } from "../topics";

/** The publication migration 20261201060000_cdc_publication creates (by the table owner). */
export const CDC_PUBLICATION = "bazaar_cdc";
export const CDC_TOPIC = "inventory.cdc";

export interface StockCdcTarget {
  /** The replication role's URL; its path names the database to capture. */
  replicationUrl: string;
  /** Prefix of the routed topic (KAFKA_TOPIC_PREFIX, or a test's unique prefix). */
  naming: TopicNaming;
  /** Debezium's snapshot of rows that exist when the slot is created. Default "initial". */
  snapshotMode?: "initial" | "no_data";
}

export interface ConnectorSpec {
  name: string;
  slotName: string;
  /** Debezium's `topic.prefix`; also scopes message ids (see stock-level-decoder.ts). */
  topicPrefix: string;
  topic: string;
  config: Record<string, string>;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `cdc_<database>` as a valid slot name (lowercase, digits, `_`, at most 63 characters). */
export function slotNameFor(database: string): string {
  const base = `cdc_${database.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;
  if (base.length <= 63) return base;
  const hash = createHash("sha1").update(database).digest("hex").slice(0, 8);
  return `${base.slice(0, 54)}_${hash}`;
}

/**
 * One connector per captured database: its own slot (a slot belongs to one database) and its own
 * `topic.prefix`, routed onto the one logical topic `inventory.cdc` under the environment's prefix.
 * Keys stay Debezium's (the row's primary key `{"id": ...}`), so one row's changes keep their order on
 * one partition.
 */
export function stockCdcConnector(target: StockCdcTarget): ConnectorSpec {
  const url = new URL(target.replicationUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!/^[a-zA-Z0-9_]+$/.test(database)) throw new Error(`not a capturable database name: ${database}`);
  const slotName = slotNameFor(database);
  const topicPrefix = `cdc.${database}`;
  const topic = physicalTopic(CDC_TOPIC, target.naming);
  return {
    name: `stock-cdc.${database}`,
    slotName,
    topicPrefix,
    topic,
    config: {
      "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
      "tasks.max": "1",
      "database.hostname": url.hostname,
      "database.port": url.port || "5432",
      "database.user": decodeURIComponent(url.username),
      "database.password": decodeURIComponent(url.password),
      "database.dbname": database,
      "topic.prefix": topicPrefix,
      "plugin.name": "pgoutput",
      "publication.name": CDC_PUBLICATION,
      // The publication is part of the schema (a migration, made by the table owner); the replication
      // role may not create one and must not widen it.
      "publication.autocreate.mode": "disabled",
      "slot.name": slotName,
      "table.include.list": "public.stock_levels",
      "snapshot.mode": target.snapshotMode ?? "initial",
      "tombstones.on.delete": "false",
      // Debezium waits this long for new WAL when idle (default 500 ms); it is most of the CDC lag.
      "poll.interval.ms": "50",
      "key.converter": "org.apache.kafka.connect.json.JsonConverter",
      "key.converter.schemas.enable": "false",
      "value.converter": "org.apache.kafka.connect.json.JsonConverter",
      "value.converter.schemas.enable": "false",
      transforms: "route",
      "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
      "transforms.route.regex": `${escapeRegex(topicPrefix)}\\.public\\.stock_levels`,
      "transforms.route.replacement": topic,
    },
  };
}

const statusSchema = z.object({
  connector: z.object({ state: z.string() }),
  tasks: z.array(z.object({ id: z.number(), state: z.string(), trace: z.string().optional() })),
});

export type ConnectorStatus = z.infer<typeof statusSchema>;

export class ConnectError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ConnectError";
  }
}

async function connectFetch(connectUrl: string, path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(new URL(path, connectUrl), { ...init, signal: AbortSignal.timeout(30_000), headers: { "content-type": "application/json", accept: "application/json" } });
  } catch (error) {
    throw new ConnectError(`Kafka Connect at ${connectUrl} not reachable: ${(error as Error).message}`);
  }
}

/** Creates or updates the connector (PUT /connectors/<name>/config is idempotent). Returns true if created. */
export async function putConnector(connectUrl: string, spec: ConnectorSpec): Promise<boolean> {
  const res = await connectFetch(connectUrl, `/connectors/${encodeURIComponent(spec.name)}/config`, { method: "PUT", body: JSON.stringify(spec.config) });
  if (res.status !== 200 && res.status !== 201) throw new ConnectError(`PUT connector ${spec.name}: ${res.status} ${await res.text()}`, res.status);
  return res.status === 201;
}

export async function connectorStatus(connectUrl: string, name: string): Promise<ConnectorStatus | undefined> {
  const res = await connectFetch(connectUrl, `/connectors/${encodeURIComponent(name)}/status`);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new ConnectError(`status of ${name}: ${res.status} ${await res.text()}`, res.status);
  return statusSchema.parse(await res.json());
}

/** Bounded wait until the connector and every task are RUNNING; a FAILED task fails at once with its trace. */
export async function waitForConnectorRunning(connectUrl: string, name: string, timeoutMs = 60_000): Promise<ConnectorStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: ConnectorStatus | undefined;
  for (;;) {
    last = await connectorStatus(connectUrl, name);
    const failed = last?.tasks.find((t) => t.state === "FAILED");
    if (failed || last?.connector.state === "FAILED") {
      throw new ConnectError(`connector ${name} failed: ${failed?.trace?.split("\n").slice(0, 3).join(" ") ?? last?.connector.state}`);
    }
    if (last && last.connector.state === "RUNNING" && last.tasks.length > 0 && last.tasks.every((t) => t.state === "RUNNING")) return last;
    if (Date.now() >= deadline) throw new ConnectError(`connector ${name} not RUNNING within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Stops the connector, resets its source offsets (KIP-875) and deletes it; a no-op when absent. Connect
 * keeps a deleted connector's offsets, so without the reset a connector registered again under the same
 * name (a database recreated with the same name) would resume from a stale LSN and skip its snapshot.
 * The slot stays (Debezium never drops it): see dropSlot.
 */
export async function deleteConnector(connectUrl: string, name: string, timeoutMs = 30_000): Promise<void> {
  const path = `/connectors/${encodeURIComponent(name)}`;
  const stop = await connectFetch(connectUrl, `${path}/stop`, { method: "PUT" });
  if (stop.status === 404) return;
  if (!stop.ok) throw new ConnectError(`stop connector ${name}: ${stop.status} ${await stop.text()}`, stop.status);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await connectorStatus(connectUrl, name);
    if (!status || (status.connector.state === "STOPPED" && status.tasks.length === 0)) break;
    if (Date.now() >= deadline) throw new ConnectError(`connector ${name} not STOPPED within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const reset = await connectFetch(connectUrl, `${path}/offsets`, { method: "DELETE" });
  if (!reset.ok && reset.status !== 404) throw new ConnectError(`reset offsets of ${name}: ${reset.status} ${await reset.text()}`, reset.status);
  const res = await connectFetch(connectUrl, path, { method: "DELETE" });
  if (res.status !== 204 && res.status !== 404) throw new ConnectError(`DELETE connector ${name}: ${res.status} ${await res.text()}`, res.status);
}

/** Registers (or updates) the stock CDC connector for `target` and waits until it streams. */
export async function registerStockCdc(connectUrl: string, target: StockCdcTarget, timeoutMs?: number): Promise<{ spec: ConnectorSpec; created: boolean }> {
  const spec = stockCdcConnector(target);
  const created = await putConnector(connectUrl, spec);
  await waitForConnectorRunning(connectUrl, spec.name, timeoutMs);
  return { spec, created };
}
