// A private three-broker Kafka cluster for the replication test, started and stopped by the test itself
// through infra/bin/infra with its own ports, data and PID folders, so it never touches the shared
// single-broker cluster on KAFKA_PORT. Not part of the package's API.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { childEnv, threeBrokerEnv } from "./env";

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, "../../..");

export interface ThreeBrokerCluster {
  brokers: string[];
  /** SIGKILL broker `nodeId` (1..3). */
  killBroker(nodeId: number): Promise<void>;
  startBroker(nodeId: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startThreeBrokerCluster(): Promise<ThreeBrokerCluster> {
  const env = threeBrokerEnv();
  const dir = env.KAFKA3_DIR ?? join(repoRoot, ".data", "kafka3-it");
  const infraEnv = childEnv({
    KAFKA_PORT: String(env.KAFKA3_PORT),
    KAFKA_CONTROLLER_PORT: String(env.KAFKA3_CONTROLLER_PORT),
    BAZAAR_DATA_DIR: dir,
    BAZAAR_RUN_DIR: join(dir, "run"),
    KAFKA_START_TIMEOUT: String(env.KAFKA3_START_TIMEOUT),
    // Three JVMs next to the shared services on a small machine: keep each heap small.
    KAFKA_HEAP_OPTS: "-Xms192m -Xmx384m",
    STOP_TIMEOUT: "20",
  });
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
