export { baseEnv, baseEnvSchema, EnvError, parseEnv, type BaseEnv } from "./env";
export {
  defaultDevSecretsFile,
  developmentSecrets,
  ephemeralSecrets,
  isKnownDevelopmentSecret,
  KNOWN_DEVELOPMENT_SECRETS,
  type DevSecretName,
  type DevSecrets,
} from "./dev-secrets";
