import { baseEnvSchema, parseEnv } from "@bazaar/config";

const observabilityEnvSchema = baseEnvSchema.pick({ LOG_LEVEL: true, OTEL_EXPORTER_OTLP_ENDPOINT: true });

export type ObservabilityEnv = ReturnType<typeof observabilityEnvSchema.parse>;

let cached: ObservabilityEnv | undefined;
/** Only the variables this package needs, so a process with an unrelated bad variable can still log. */
export function observabilityEnv(): ObservabilityEnv {
  cached ??= parseEnv(observabilityEnvSchema, process.env);
  return cached;
}
