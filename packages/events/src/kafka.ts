import { createLogger, type Logger } from "@bazaar/observability";
import kafkajs, { type Kafka as KafkaClient, type LogEntry } from "kafkajs";
import { eventsEnv } from "./env";

// kafkajs is CommonJS; Node's ESM loader only sees its default export.
const { Kafka, logLevel } = kafkajs;

export interface KafkaOptions {
  brokers?: string[];
  clientId?: string;
  logger?: Logger;
}

const levels: Record<number, "error" | "warn" | "info" | "debug"> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

/** One kafkajs client wired to our structured logger; brokers and client id default from the env. */
export function createKafka(options: KafkaOptions = {}): KafkaClient {
  const env = eventsEnv();
  const logger = options.logger ?? createLogger("kafkajs");
  return new Kafka({
    clientId: options.clientId ?? env.KAFKA_CLIENT_ID,
    brokers: options.brokers ?? env.KAFKA_BROKERS,
    // kafkajs' 1 s connect timeout fails spuriously on a busy 2-core machine; the broker is local.
    connectionTimeout: 10_000,
    // kafkajs INFO is chatty (every group join / stop); keep WARN and above.
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, ...rest } = log;
        logger.log(levels[level] ?? "info", message, { namespace, ...rest });
      },
  });
}
