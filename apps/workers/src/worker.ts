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
