import type { Db } from "@bazaar/db";
import type { EventConsumer, TopicNaming } from "@bazaar/events";
import type { Logger, ReadinessCheck } from "@bazaar/observability";
import type { Kafka } from "kafkajs";

/** Shared clients a worker is built from; the host owns and closes them. */
export interface WorkerDeps {
  db: Db;
  kafka: Kafka;
  logger: Logger;
  /** Physical topic naming (KAFKA_TOPIC_PREFIX); consumer group ids carry the same prefix. */
  naming: TopicNaming;
  /** DATABASE_URL, for workers that hold a dedicated session (the relay's advisory lock and LISTEN). */
  databaseUrl: string;
}

export interface Worker {
  readonly name: string;
  /** Resolves once the worker is doing its job (group joined, loop started). */
  start(): Promise<void>;
  /** Finishes what is in flight, commits, disconnects. */
  stop(): Promise<void>;
  /** Throws while the worker cannot do its job; backs the process's /ready. */
  ready: ReadinessCheck;
}

export interface WorkerDefinition {
  name: string;
  description: string;
  create(deps: WorkerDeps): Worker;
}

/** Adapts an events-package consumer group member to the host's Worker shape. */
export function consumerWorker(name: string, consumer: EventConsumer): Worker {
  let state: "idle" | "running" | "stopped" = "idle";
  return {
    name,
    async start() {
      await consumer.start();
      state = "running";
    },
    async stop() {
      state = "stopped";
      await consumer.stop();
    },
    async ready() {
      if (state !== "running") throw new Error(`consumer group ${consumer.groupId} is ${state}`);
    },
  };
}

export interface PeriodicWorkerOptions {
  name: string;
  /** How readiness and logs name it (default `name`), e.g. "retention worker". */
  label?: string;
  intervalMs: number;
  logger: Logger;
  /**
   * One pass of the job. `isRunning()` turns false once stop() was called, so a pass that loops over
   * batches can end early. A throw is logged and makes the worker unready until a later pass succeeds.
   */
  pass: (isRunning: () => boolean) => Promise<unknown>;
  /** Whether start() waits for the first pass (default true); a long job (retention) starts at once. */
  awaitFirstPass?: boolean;
}

/**
 * A job run at start and then `intervalMs` after each pass ends (never overlapping itself); stop() waits
 * for a pass in flight. The sweeper, the saga resumer and the retention jobs are built on it.
 */
export function periodicWorker({ name, label = name, intervalMs, logger, pass, awaitFirstPass = true }: PeriodicWorkerOptions): Worker {
  let state: "idle" | "running" | "stopped" = "idle";
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastError: unknown = null;
  const isRunning = () => state === "running";
  const once = async () => {
    try {
      await pass(isRunning);
      lastError = null;
    } catch (error) {
      lastError = error;
      logger.error(`${label} pass failed`, { error });
    }
  };
  const schedule = () => {
    if (state !== "running") return;
    timer = setTimeout(() => {
      running = once().finally(schedule);
    }, intervalMs);
  };
  return {
    name,
    async start() {
      state = "running";
      running = once().finally(schedule);
      if (awaitFirstPass) await running;
    },
    async stop() {
      state = "stopped";
      if (timer) clearTimeout(timer);
      await running;
    },
    async ready() {
      if (state !== "running") throw new Error(`${label} is ${state}`);
      if (lastError) throw new Error(`last ${label} pass failed: ${String(lastError)}`);
    },
  };
}
