import { createPgOutboxStore, createProducer, createRelay } from "@bazaar/events";
import type { Worker, WorkerDefinition, WorkerDeps } from "../worker";

/** Publishes committed outbox rows to Kafka; one relay per database is active, others stand by. */
export function createOutboxRelayWorker(deps: WorkerDeps): Worker {
  const producer = createProducer({ kafka: deps.kafka });
  const relay = createRelay({
    store: createPgOutboxStore({ connectionString: deps.databaseUrl, applicationName: "outbox-relay" }),
    producer,
    logger: deps.logger.child({ worker: "outbox-relay" }),
    naming: deps.naming,
  });
  return {
    name: "outbox-relay",
    async start() {
      await producer.connect();
      relay.start();
    },
    async stop() {
      await relay.stop();
      await producer.disconnect();
    },
    async ready() {
      // A standby relay is healthy: it takes over when the active one's session ends.
      if (relay.state !== "active" && relay.state !== "standby") throw new Error(`outbox relay is ${relay.state}`);
    },
  };
}

export const outboxRelayWorker: WorkerDefinition = {
  name: "outbox-relay",
  description: "transactional outbox -> Kafka",
  create: createOutboxRelayWorker,
};
