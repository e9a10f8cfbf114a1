import { trace, isSpanContextValid } from "@opentelemetry/api";
import winston from "winston";
import { observabilityEnv } from "./env";

export type Logger = winston.Logger;
export type LogLevel = "error" | "warn" | "info" | "debug";

/**
 * Adds the active span's ids to every record, so a log line can be joined to its trace without the
 * caller passing anything around.
 */
export const traceContextFormat = winston.format((info) => {
  const span = trace.getActiveSpan();
  if (span) {
    const ctx = span.spanContext();
    if (isSpanContextValid(ctx)) {
      info.trace_id = ctx.traceId;
      info.span_id = ctx.spanId;
    }
  }
  return info;
});

export interface CreateLoggerOptions {
  level?: LogLevel;
  /** Where JSON lines go; stdout unless given (tests pass a stream to read them back). */
  stream?: NodeJS.WritableStream;
}

export function createLogger(service: string, options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? observabilityEnv().LOG_LEVEL;
  return winston.createLogger({
    level,
    defaultMeta: { service },
    format: winston.format.combine(
      winston.format.errors({ stack: true }),
      winston.format.timestamp(),
      traceContextFormat(),
      winston.format.json(),
    ),
    transports: [
      options.stream
        ? new winston.transports.Stream({ stream: options.stream })
        : new winston.transports.Stream({ stream: process.stdout }),
    ],
  });
}
