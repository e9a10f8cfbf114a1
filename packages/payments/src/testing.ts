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
  configure(config: { duplicate_rate?: number; reorder_jitter_ms?: number; webhook_before_response?: boolean; webhook_url?: string; fail_next_refunds?: number }): Promise<void>;
  deliveries(): Promise<{ id: number; event_id: string; type: string; payment_intent: string | null; attempts: number; state: string; last_status: number | null }[]>;
  logs: string[];
}

const packageDir = join(import.meta.dirname, "..");

/**
 * `chaos: true` (what platform tests should use): some webhooks are delivered twice and out of order, so
 * every assertion has to hold whatever the delivery order.
 */
export async function startSandboxProcess(options: { dbPath: string; webhookUrl: string; chaos?: boolean; env?: Record<string, string>; port?: number }): Promise<SandboxProcess> {
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
      // Transfers settle in their answer unless a test asks for the webhook path (payout-webhooks.int.test.ts).
      PAYMENTS_SANDBOX_PAYOUT_SETTLE_MS: "0",
      PAYMENTS_SANDBOX_CHAOS: options.chaos ? "on" : "off",
      PAYMENTS_SANDBOX_DUPLICATE_RATE: "0.3",
      PAYMENTS_SANDBOX_REORDER_JITTER_MS: "150",
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
        const entry = JSON.parse(line) as { message?: string; url?: string };
        if (entry.message === "payments sandbox listening" && entry.url) {
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

/** Fills in and submits the hosted payment page like a browser (form posts, redirects not followed). */
export async function payOnHostedPage(redirectUrl: string, cardNumber: string): Promise<Response> {
  const page = await fetch(redirectUrl);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no payment form on ${redirectUrl}: ${page.status}`);
  return fetch(new URL(action, redirectUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_secret: new URL(redirectUrl).searchParams.get("client_secret") ?? "", card_number: cardNumber, expiry: "12/34", cvc: "123" }),
  });
}

/** Presses Approve or Fail on the 3-D Secure page the card form redirected to. */
export async function answerChallenge(cardFormResponse: Response, baseUrl: string, outcome: "approve" | "fail"): Promise<Response> {
  const challenge = new URL(cardFormResponse.headers.get("location") ?? "", baseUrl);
  return fetch(challenge.origin + challenge.pathname, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_secret: challenge.searchParams.get("client_secret") ?? "", outcome }),
  });
}

/** Polls `fn` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
