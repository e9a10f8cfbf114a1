// For integration tests in any package: start the sandbox as a real child process on a random port.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { inheritedPath, TEST_WEBHOOK_SECRET } from "./env";

export { TEST_WEBHOOK_SECRET };

export interface SandboxProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (a crash) and wait for the exit. */
  kill(): Promise<void>;
  /** Changes chaos or the webhook endpoint of the running process. */
  configure(config: { duplicate_rate?: number; reorder_jitter_ms?: number; webhook_before_response?: boolean; webhook_url?: string }): Promise<void>;
  deliveries(): Promise<{ id: number; event_id: string; type: string; attempts: number; state: string; last_status: number | null }[]>;
  logs: string[];
}

const packageDir = join(import.meta.dirname, "..");

export async function startSandboxProcess(options: { dbPath: string; webhookUrl: string; env?: Record<string, string>; port?: number }): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(packageDir, "src", "sandbox", "main.ts")], {
    cwd: packageDir,
    env: {
      PATH: inheritedPath(),
      NODE_ENV: "test",
      PAYMENTS_SANDBOX_PORT: String(options.port ?? 0),
      PAYMENTS_SANDBOX_DB_PATH: options.dbPath,
      PAYMENTS_SANDBOX_WEBHOOK_URL: options.webhookUrl,
      PAYMENTS_SANDBOX_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      PAYMENTS_SANDBOX_RETRY_BASE_MS: "50",
      PAYMENTS_SANDBOX_LATE_PROCESSOR_MS: "300",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  child.stderr!.on("data", (c: Buffer) => logs.push(c.toString()));
  const exited = once(child, "exit");
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${logs.join("")}`)), 30_000);
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}: ${logs.join("")}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "payments sandbox listening" && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line of ours
      }
    });
  });
  const ended = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    child,
    logs,
    stop: () => ended("SIGTERM"),
    kill: () => ended("SIGKILL"),
    async configure(config) {
      const res = await fetch(`${url}/v1/_sandbox/config`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(config) });
      if (!res.ok) throw new Error(`configure failed: ${res.status} ${await res.text()}`);
    },
    async deliveries() {
      const res = await fetch(`${url}/v1/_sandbox/deliveries`);
      return ((await res.json()) as { data: Awaited<ReturnType<SandboxProcess["deliveries"]>> }).data;
    },
  };
}
