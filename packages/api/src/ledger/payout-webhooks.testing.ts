// For payout-webhooks.int.test.ts: a fresh database, the real API server (its /webhooks/<provider>
// intake) on a random port, and the payments sandbox as its own process in chaos mode posting its
// webhooks there, with transfers that stay pending for `settleMs` before transfer.paid / transfer.failed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { baseEnv } from "@bazaar/config";
import { createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName } from "@bazaar/db/testing";
import { SandboxProvider, type PaymentProvider, type ProviderName } from "@bazaar/payments";
import { startSandboxProcess, TEST_WEBHOOK_SECRET, type SandboxProcess } from "@bazaar/payments/testing";
import { Redis } from "ioredis";
import { createApiServer } from "../http/api-server";
import { quietLogger } from "../testing/quiet-logger";
import { waitForUrls } from "../testing/wait-for";

export interface PayoutWebhookWorld {
  db: Db;
  apiUrl: string;
  sandbox: SandboxProcess;
  provider: SandboxProvider;
  close(): Promise<void>;
}

export async function startPayoutWebhookWorld(label: string, settleMs: number): Promise<PayoutWebhookWorld> {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  const database = await createTestDatabase(testDatabaseName(label));
  const db = createDb({ url: database.url, poolSize: 8, applicationName: `${label}-test` });
  const redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1 });
  const providers: Partial<Record<ProviderName, PaymentProvider>> = {};
  const api = createApiServer({ db, redis, logger: quietLogger(), allowedOrigins: [], rateLimiter: null, paymentProviders: providers });
  const { url: apiUrl } = await api.listen(0);
  const dir = mkdtempSync(join(tmpdir(), `${label}-`));
  const sandbox = await startSandboxProcess({ dbPath: join(dir, "sandbox.sqlite"), webhookUrl: `${apiUrl}/webhooks/sandbox`, chaos: true, env: { PAYMENTS_SANDBOX_PAYOUT_SETTLE_MS: String(settleMs) } });
  const provider = new SandboxProvider({ baseUrl: sandbox.url, webhookSecret: TEST_WEBHOOK_SECRET });
  providers.sandbox = provider;
  return {
    db,
    apiUrl,
    sandbox,
    provider,
    async close() {
      await sandbox.stop();
      await api.close(1_000);
      redis.disconnect();
      await db.$disconnect();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
