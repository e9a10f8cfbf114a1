// Preloaded with `--import` so the OpenTelemetry hooks are in place before pg, ioredis and http are
// first imported; main.ts calls startTelemetry again and gets this same handle.
import { startTelemetry } from "@bazaar/observability";

startTelemetry({ serviceName: "api", esmHooks: true });
