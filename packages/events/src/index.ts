export { envelopeSchema, traceContextSchema, type Envelope, type TraceContext } from "./envelope";
export { defineEvent, type EventContract } from "./contracts/contract";
export {
  eventContracts,
  findContract,
  latestContract,
  isKnownEventType,
  type AnyContract,
  type ContractOf,
  type DomainEvent,
  type EventOf,
  type EventType,
  type PayloadOf,
  type VersionOf,
} from "./contracts/registry";
export { parseEvent, parseEventJson, type ParseResult } from "./contracts/parse";
export { tenantCreatedV1 } from "./contracts/tenants.event";
export { notificationRequestedV1 } from "./contracts/notifications.event";
export {
  paymentActionRequiredV1,
  paymentAuthorizedV1,
  paymentCapturedV1,
  paymentFailedV1,
  paymentRefundedV1,
  paymentVoidedV1,
  paymentPayloadSchema,
  type PaymentEventPayload,
} from "./contracts/payments.event";
export { orderGroupPlacedV1, orderGroupConfirmedV1, orderGroupCancelledV1, orderFulfilledV1, orderCancelledV1 } from "./contracts/orders.event";
export { catalogProductSchema, type CatalogProduct } from "./contracts/catalog.event";
export { mediaAssetReadyV1, mediaAssetRejectedV1, mediaRenditionsSchema } from "./contracts/media.event";
export {
  userRegisteredV1,
  identityFlaggedV1,
  flagDecidedV1,
  sessionRevokedV1,
  loginSucceededV1,
  loginFailedV1,
  secondFactorChangedV1,
} from "./contracts/identity.event";
export { createEvent, causedBy, type NewEvent } from "./event";
export { InvalidEventError, type InvalidEventReason } from "./errors";
export {
  eventTopics,
  testTopics,
  topicRegistry,
  dlqTopicName,
  dlqSpecFor,
  physicalTopic,
  replicationFor,
  resolveTopicSpecs,
  testTopicSpecs,
  type TopicSpec,
  type TopicNaming,
  type LogicalTopic,
  type EventTopicName,
} from "./topics";
export { provisionTopics, formatProvisionTable, type ProvisionRow, type ProvisionOptions } from "./provision";
export { clusterReplication, ReplicationError, type ClusterReplication } from "./replication";
export { createKafka, type KafkaOptions } from "./kafka";
export { createProducer, type EventProducer, type OutboundMessage } from "./producer";
export { deferOutbox, enqueue, enqueueMany, eventHeaders, OUTBOX_CHANNEL } from "./outbox";
export { createPgOutboxStore, DEFAULT_RELAY_LOCK_KEY, type OutboxStore, type OutboxRow, type PgOutboxStoreOptions } from "./outbox-store";
export { createRelay, type OutboxRelay, type RelayOptions, type RelayState } from "./relay";
export { createConsumer, type ConsumerOptions, type EventConsumer, type MessageDecoder } from "./consumer";
export type {
  Handler,
  HandlerContext,
  Subscriptions,
  ConsumeOutcome,
  ConsumeRecord,
  ConsumerObserver,
  BackoffOptions,
} from "./consumer-types";
export { replayDlq, deadLetterMessage, DLQ_HEADERS, type DlqPosition, type ReplayDlqOptions, type ReplayDlqResult } from "./dlq";
export { stockLevelCapturedV1, capturedStockLevelSchema, type CapturedStockLevel } from "./contracts/inventory-cdc.event";
export { decodeStockLevelChange, stockLevelDecoder, STOCK_LEVELS_TABLE } from "./cdc/stock-level-decoder";
export {
  CDC_PUBLICATION,
  CDC_TOPIC,
  ConnectError,
  connectorStatus,
  deleteConnector,
  putConnector,
  registerStockCdc,
  slotNameFor,
  stockCdcConnector,
  waitForConnectorRunning,
  type ConnectorSpec,
  type ConnectorStatus,
  type StockCdcTarget,
} from "./cdc/connector";
export { dropSlot, slotInfo } from "./cdc/slot";
export { nameUuid } from "./cdc/message-id";
export { listDlq, type DlqEntry, type ListDlqOptions } from "./dlq-list";
export { recordDlqReplays, dlqReplaysOf } from "./dlq-replays";
export { purgeInboxBefore, purgePublishedOutboxBefore, INBOX_RETENTION_MS, OUTBOX_RETENTION_MS } from "./retention";
export { eventsEnv } from "./env";
export { kafkaTopicsOverview } from "./topics-overview";
// The client type only: callers outside this package hold a client, never import kafkajs themselves.
export type { Kafka } from "kafkajs";
/** The relay's and consumers' metric series (registered on first call; what /metrics and the alert rules name). */
export { consumerMetrics, relayMetrics } from "./metrics";
