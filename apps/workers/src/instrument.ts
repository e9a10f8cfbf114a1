// Preloaded with `--import` so OpenTelemetry hooks are in place before pg, kafkajs and http load.
import { startTelemetry } from "@bazaar/observability";

startTelemetry({ serviceName: "workers", esmHooks: true });
