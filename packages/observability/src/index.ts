export { createLogger, errorFieldsFormat, traceContextFormat, type CreateLoggerOptions, type LogLevel, type Logger } from "./logger";
export { metrics, metricsContentType, metricsText } from "./metrics";
export {
  contextFromHeaders,
  injectTraceHeaders,
  startTelemetry,
  tracer,
  withSpan,
  type HeaderValue,
  type MessageHeaders,
  type StartTelemetryOptions,
  type Telemetry,
} from "./telemetry";
export {
  closeServer,
  createOpsHandler,
  readiness,
  startOpsServer,
  type CheckResult,
  type OpsOptions,
  type OpsServer,
  type OpsServerOptions,
  type ReadinessCheck,
  type ReadinessReport,
} from "./ops-server";
export { onShutdown, type ShutdownStep } from "./shutdown";
