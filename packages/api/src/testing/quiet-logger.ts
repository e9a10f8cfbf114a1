import { Writable } from "node:stream";
import { createLogger, type Logger } from "@bazaar/observability";

/** A real logger whose lines go nowhere, for tests that provoke errors on purpose. */
export function quietLogger(service = "api-test"): Logger {
  return createLogger(service, { level: "error", stream: new Writable({ write: (_chunk, _enc, done) => done() }) });
}
