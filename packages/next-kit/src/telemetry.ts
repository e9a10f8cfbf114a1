import { startTelemetry } from "@bazaar/observability";

import { installPeerAddressStamp } from "./client-address";

/**
 * Called from each app's instrumentation.ts on the Node.js runtime: registers the OpenTelemetry SDK so
 * the tRPC middleware's spans are recorded (and exported when OTEL_EXPORTER_OTLP_ENDPOINT is set) and
 * every log line of a request carries its trace_id and span_id, as in the API server and workers.
 */
export function registerNodeTelemetry(serviceName: string): void {
  startTelemetry({ serviceName });
  // Not telemetry, but the same moment: before the server serves its first request (client-address.ts).
  installPeerAddressStamp();
}
