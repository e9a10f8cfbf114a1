import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { baseEnv } from "@bazaar/config";
import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForUrls } from "../testing/wait-for";
import { postCapture } from "./ledger-postings.service";
import { captured, ledgerSums, makeGroup, makeTenant, owed, startSandbox, type SandboxHandle } from "./ledger.testing";
import { runPayouts } from "./payouts.service";

// A payout run is a child process SIGKILLed just before and just after the provider's transfer call; a
// fresh run takes over once the dead one's lease ran out. Every seller must end with exactly one PAID
// payout for the period, the killed one carrying the very transfer the dead process got (the same
// idempotency key replays it), and the books balanced.

let database: TestDatabase;
let db: Db;
let pay: SandboxHandle;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL);
  database = await createTestDatabase(testDatabaseName("api_payouts_crash"));
  db = createDb({ url: database.url, poolSize: 6, applicationName: "payouts-crash-test" });
  pay = await startSandbox("crash");
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await pay?.close();
  await db?.$disconnect();
  await database?.drop();
});

interface Line {
  step?: string;
  payoutId?: string;
  transferId?: string;
}

function payoutRun(now: Date, stopAt: string): { child: ChildProcess; stopped: Promise<Line>; exited: Promise<NodeJS.Signals | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "scripts/run-payouts.ts")], {
    cwd: join(import.meta.dirname, "../.."),
    env: { ...process.env, DATABASE_URL: database.url, PAYMENTS_SANDBOX_URL: pay.sandbox.url, PAYMENTS_PROVIDER: "sandbox", PAYOUT_NOW: now.toISOString(), PAYOUT_STOP_AT: stopAt },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  void exited.then(() => children.delete(child));
  const stopped = new Promise<Line>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (raw) => {
      const line = JSON.parse(raw) as Line & { done?: boolean };
      if (line.step === stopAt) resolve(line);
      if (line.done) reject(new Error(`the run finished without reaching ${stopAt}`));
    });
  });
  return { child, stopped, exited };
}

describe("a payout run SIGKILLed mid-payout", () => {
  it.each([
    ["transfer", "2027-06-01T12:00:00Z"],
    ["transferred", "2027-06-02T12:00:00Z"],
  ])("at %s: the resumed run pays each seller once, with one transfer", { timeout: 60_000 }, async (stopAt, at) => {
    const sellers = [await makeTenant(db, `crash-${stopAt}-1`), await makeTenant(db, `crash-${stopAt}-2`)];
    for (const s of sellers) {
      const g = await makeGroup(db, [{ tenantId: s, total: 3_000, commission: 300 }]);
      await asPlatform(db, (tx) => postCapture(tx, captured(g.groupId, 3_000)));
    }
    const now = new Date(at);
    const run = payoutRun(now, stopAt);
    const line = await run.stopped;
    run.child.kill("SIGKILL");
    expect(await run.exited).toBe("SIGKILL");
    // Created and set aside in the ledger, not yet settled: the dead run held its lease.
    const held = await asPlatform(db, (tx) => tx.payout.findUniqueOrThrow({ where: { id: line.payoutId! } }));
    expect(held.status).toBe("PENDING");
    expect(await owed(db, held.tenantId)).toBe(0);

    // Past the lease (60 s), in the same period: the next run resumes the transfer.
    await runPayouts({ db, provider: pay.provider, holdSeconds: 7 * 86_400, periodSeconds: 86_400, now: () => new Date(now.getTime() + 120_000) });
    const all = await asPlatform(db, (tx) => tx.payout.findMany({ where: { tenantId: { in: sellers } } }));
    expect(all.map((p) => [p.status, p.amount]).sort()).toEqual([
      ["PAID", 2_700],
      ["PAID", 2_700],
    ]);
    const resumed = all.find((p) => p.id === line.payoutId)!;
    expect(resumed.attempts).toBe(2);
    if (line.transferId) expect(resumed.transferId).toBe(line.transferId);
    // The key still answers the same transfer: the provider made exactly one for this payout.
    const replay = await pay.provider.payout({ destination: resumed.destination, amount: resumed.amount, currency: "EUR", idempotencyKey: `payout:${resumed.id}`, metadata: { payout_id: resumed.id, tenant_id: resumed.tenantId } });
    expect(replay.transferId).toBe(resumed.transferId);
    for (const s of sellers) expect(await owed(db, s)).toBe(0);
    expect(await ledgerSums(db)).toEqual({ EUR: 0 });
  });
});
