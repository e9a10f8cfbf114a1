import { connect } from "node:net";

/** Bounded poll until a TCP port accepts (services are started by infra/, possibly still booting). */
export async function waitForPort(host: string, port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${host}:${port} did not answer within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits for each service named by a connection URL (postgresql://, redis://, smtp://, http://) to accept. */
export async function waitForUrls(...urls: string[]): Promise<void> {
  const defaults: Record<string, number> = { "postgresql:": 5432, "postgres:": 5432, "redis:": 6379, "smtp:": 25, "http:": 80 };
  await Promise.all(
    urls.map((raw) => {
      const url = new URL(raw);
      return waitForPort(url.hostname, Number(url.port || defaults[url.protocol] || 0));
    }),
  );
}
