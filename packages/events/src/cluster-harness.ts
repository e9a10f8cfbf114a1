// A private three-broker Kafka cluster for the replication test, started and stopped by the test itself
// through infra/bin/infra with its own ports, data and PID folders, so it never touches the shared
// single-broker cluster on KAFKA_PORT. Not part of the package's API.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseEnv } from "@bazaar/config";
import { z } from "zod";

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, "../../..");

const clusterEnvSchema = z.object({
  /** Broker N listens on KAFKA3_PORT+N-1; keep the range off the shared cluster's 9092-9094. */
  KAFKA3_PORT: z.coerce.number().int().min(1024).max(65_000).default(29_092),
  KAFKA3_CONTROLLER_PORT: z.coerce.number().int().min(1024).max(65_000).default(39_092),
  /** Where the cluster's storage, logs and PID files live (git-ignored). */
  KAFKA3_DIR: z.string().min(1).default(join(repoRoot, ".data", "kafka3-it")),
  KAFKA3_START_TIMEOUT: z.coerce.number().int().min(10).default(150),
});

export interface ThreeBrokerCluster {
  brokers: string[];
  /** SIGKILL broker `nodeId` (1..3). */
  killBroker(nodeId: number): Promise<void>;
  startBroker(nodeId: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startThreeBrokerCluster(): Promise<ThreeBrokerCluster> {
  const env = parseEnv(clusterEnvSchema, process.env);
  const infraEnv = {
    ...process.env,
    KAFKA_PORT: String(env.KAFKA3_PORT),
    KAFKA_CONTROLLER_PORT: String(env.KAFKA3_CONTROLLER_PORT),
    BAZAAR_DATA_DIR: env.KAFKA3_DIR,
    BAZAAR_RUN_DIR: join(env.KAFKA3_DIR, "run"),
    KAFKA_START_TIMEOUT: String(env.KAFKA3_START_TIMEOUT),
    // Three JVMs next to the shared services on a small machine: keep each heap small.
    KAFKA_HEAP_OPTS: "-Xms192m -Xmx384m",
    STOP_TIMEOUT: "20",
  };
  const infra = (...args: string[]) =>
    run("bash", [join(repoRoot, "infra/bin/infra"), ...args], {
      env: infraEnv,
      timeout: (env.KAFKA3_START_TIMEOUT + 60) * 1000,
    });
  await infra("up", "--brokers", "3", "--only", "kafka");
  return {
    brokers: [0, 1, 2].map((i) => `127.0.0.1:${env.KAFKA3_PORT + i}`),
    killBroker: async (nodeId) => void (await infra("kill-broker", String(nodeId), "--hard")),
    startBroker: async (nodeId) => void (await infra("start-broker", String(nodeId))),
    stop: async () => void (await infra("down", "kafka")),
  };
}
