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

function serializeError(error: Error, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (error.cause instanceof Error && depth < 3) out.cause = serializeError(error.cause, depth + 1);
  return out;
}

/**
 * JSON.stringify turns an Error into `{}`; callers log `{ error }` as metadata all the time, so every
 * top-level Error field is expanded to name, message, stack, code and cause.
 */
export const errorFieldsFormat = winston.format((info) => {
  for (const [key, value] of Object.entries(info)) {
    if (value instanceof Error) info[key] = serializeError(value);
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
      errorFieldsFormat(),
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
