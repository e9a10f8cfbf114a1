// A private three-broker Kafka cluster for the replication test, started and stopped by the test itself
// through infra/bin/infra with its own ports, data and PID folders, so it never touches the shared
// single-broker cluster on KAFKA_PORT. Not part of the package's API.
import { execFile } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import kafkajs from "kafkajs";
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
  const brokers = [0, 1, 2].map((i) => `127.0.0.1:${env.KAFKA3_PORT + i}`);
  try {
    await infra("up", "--brokers", "3", "--only", "kafka");
    await untilAllBrokersRegistered(brokers, env.KAFKA3_START_TIMEOUT * 1000);
  } catch (cause) {
    // A broker that failed to start leaves the others running: stop them, or they outlive the test run.
    await infra("down", "kafka").catch(() => undefined);
    throw cause;
  }
  return {
    brokers,
    killBroker: async (nodeId) => void (await infra("kill-broker", String(nodeId), "--hard")),
    startBroker: async (nodeId) => void (await infra("start-broker", String(nodeId))),
    stop: async () => void (await infra("down", "kafka")),
  };
}

/**
 * Each broker reports "started" before the controller has every broker in its metadata, and each broker
 * learns the others' registrations from the metadata log a moment apart; provisioning reads the broker
 * count from whichever broker answers, so the test waits (bounded) until EVERY broker lists all three.
 * (Asking any one broker was not enough: in a loaded CI run provisioning then asked a broker that still
 * listed two, and made the topic with two replicas.) A fresh admin seeded with one broker asks that one.
 */
async function untilAllBrokersRegistered(brokers: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const broker of brokers) {
    const admin = new kafkajs.Kafka({ clientId: "it-cluster-harness", brokers: [broker], logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      for (;;) {
        const seen = await admin.describeCluster().then((c) => c.brokers.length, () => 0);
        if (seen >= brokers.length) break;
        if (Date.now() > deadline) throw new Error(`three-broker cluster: ${broker} lists ${seen} of ${brokers.length} brokers after ${timeoutMs} ms`);
        await delay(250);
      }
    } finally {
      await admin.disconnect();
    }
  }
}
