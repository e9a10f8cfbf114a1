import { afterEach, describe, expect, it } from "vitest";
import { metrics } from "./metrics";
import { startOpsServer, type OpsServer } from "./ops-server";

describe("startOpsServer", () => {
  let ops: OpsServer | undefined;
  afterEach(async () => {
    await ops?.close();
    ops = undefined;
  });

  it("answers liveness without running checks", async () => {
    let ran = false;
    ops = await startOpsServer({ port: 0, service: "t", checks: { db: async () => void (ran = true) } });
    const res = await fetch(`${ops.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", service: "t" });
    expect(ran).toBe(false);
    expect(ops.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("is ready when every check passes", async () => {
    ops = await startOpsServer({ port: 0, service: "t", checks: { db: async () => {}, redis: async () => {} } });
    const res = await fetch(`${ops.url}/ready`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "ok", checks: { db: { status: "ok" }, redis: { status: "ok" } } });
  });

  it("reports 503 with each failing check's error, including one that hangs", async () => {
    ops = await startOpsServer({
      port: 0,
      service: "t",
      checkTimeoutMs: 50,
      checks: {
        db: async () => {},
        redis: () => Promise.reject(new Error("ECONNREFUSED 127.0.0.1:6379")),
        kafka: () => new Promise<void>(() => {}),
      },
    });
    const res = await fetch(`${ops.url}/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: "unavailable",
      checks: {
        db: { status: "ok" },
        redis: { status: "error", error: "ECONNREFUSED 127.0.0.1:6379" },
        kafka: { status: "error", error: "timed out after 50ms" },
      },
    });
  });

  it("serves Prometheus text on /metrics and 404 elsewhere", async () => {
    metrics.counter({ name: "ops_test_hits_total", help: "hits" }).inc();
    ops = await startOpsServer({ port: 0, service: "ops-test" });
    const res = await fetch(`${ops.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(await res.text()).toContain('ops_test_hits_total{service="ops-test"} 1');
    expect((await fetch(`${ops.url}/nope`)).status).toBe(404);
    expect((await fetch(`${ops.url}/health`, { method: "POST" })).status).toBe(405);
  });

  it("stops listening on close", async () => {
    ops = await startOpsServer({ port: 0, service: "t" });
    const url = ops.url;
    await ops.close();
    ops = undefined;
    await expect(fetch(`${url}/health`)).rejects.toMatchObject({ name: "TypeError", cause: { code: "ECONNREFUSED" } });
  });
});
