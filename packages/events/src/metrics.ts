import { metrics } from "@bazaar/observability";

// Created lazily: a module that only builds envelopes should not register relay/consumer series.

export const relayMetrics = () => ({
  lag: metrics.gauge({
    name: "bazaar_outbox_lag_seconds",
    help: "Age of the oldest unpublished outbox row seen by the active relay (0 when none is waiting)",
  }),
  batchSize: metrics.histogram({
    name: "bazaar_outbox_relay_batch_size",
    help: "Rows published per relay batch",
    buckets: [1, 5, 10, 50, 100, 250, 500, 1000, 2500, 5000],
  }),
  published: metrics.counter<"topic">({
    name: "bazaar_outbox_published_total",
    help: "Outbox rows published to Kafka",
    labelNames: ["topic"],
  }),
  active: metrics.gauge({
    name: "bazaar_outbox_relay_active",
    help: "1 while this process holds the relay lock, 0 while standby",
  }),
  errors: metrics.counter({
    name: "bazaar_outbox_relay_errors_total",
    help: "Relay iterations that failed (database or Kafka) and were retried",
  }),
  cleaned: metrics.counter({
    name: "bazaar_outbox_cleaned_total",
    help: "Published outbox rows deleted by retention cleanup",
  }),
});

export const consumerMetrics = () => ({
  messages: metrics.counter<"group" | "topic" | "outcome">({
    name: "bazaar_consumer_messages_total",
    help: "Messages consumed, by outcome (handled, duplicate, skipped, dead-lettered)",
    labelNames: ["group", "topic", "outcome"],
  }),
  failures: metrics.counter<"group" | "type">({
    name: "bazaar_consumer_handler_failures_total",
    help: "Handler attempts that threw (each retry counts)",
    labelNames: ["group", "type"],
  }),
  eventAge: metrics.histogram<"group" | "type">({
    name: "bazaar_consumer_event_age_seconds",
    help: "occurredAt to handler commit",
    labelNames: ["group", "type"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  }),
  txSize: metrics.histogram<"group">({
    name: "bazaar_consumer_tx_events",
    help: "Events handled per database transaction",
    labelNames: ["group"],
    buckets: [1, 5, 10, 50, 100, 250, 500],
  }),
});
