export { baseEnv, baseEnvSchema, EnvError, parseEnv, type BaseEnv } from "./env";
