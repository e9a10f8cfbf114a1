import { completeOnboardingStep, welcomeMailFor } from "@bazaar/api/tenancy";
import {
  createFileSmsProvider,
  createNotificationService,
  createSmtpTransport,
  createTemplateRenderer,
  notificationsEnv,
  type NotificationService,
} from "@bazaar/notifications";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { onboardingEnv } from "./env";
import { onboardingConsumer, type OnboardingWorkerOptions } from "./onboarding-consumer";

export const ONBOARDING_NOTIFIER = "onboarding-notifier";

export interface OnboardingNotifierOptions extends OnboardingWorkerOptions {
  /** Default: one built from the environment (SMTP_URL), closed when the worker stops. */
  notifications?: NotificationService;
  /** Where the welcome mail's button points. Default: ADMIN_URL. */
  dashboardUrl?: string;
}

/**
 * Onboarding step 3: `tenants.membership.linked` → the `welcome` email, then the request is COMPLETED.
 * The notification service logs the delivery in its own transaction, keyed per request, so a redelivery
 * after a crash between the send and the commit finds it SENT and mails nothing twice; a failed send
 * throws, and the runner retries it and finally dead-letters it.
 */
export function createOnboardingNotifierWorker(deps: WorkerDeps, options: OnboardingNotifierOptions = {}): Worker {
  const logger = deps.logger.child({ worker: ONBOARDING_NOTIFIER });
  let ownTransport: { close(): Promise<void> } | undefined;
  let service = options.notifications;
  if (!service) {
    const env = notificationsEnv();
    const email = createSmtpTransport({ url: env.SMTP_URL, from: env.MAIL_FROM, timeoutMs: env.SMTP_TIMEOUT_MS });
    ownTransport = email;
    service = createNotificationService({
      db: deps.db,
      logger,
      renderer: createTemplateRenderer({ defaultLocale: env.NOTIFICATIONS_DEFAULT_LOCALE }),
      email,
      sms: createFileSmsProvider(env.SMS_LOG_PATH),
      transactionTimeoutMs: Math.min(45_000, 3 * env.SMTP_TIMEOUT_MS + 10_000),
    });
  }
  const notifications = service;
  const dashboardUrl = options.dashboardUrl ?? new URL("/", onboardingEnv().ADMIN_URL).toString();

  const consumer = onboardingConsumer(
    ONBOARDING_NOTIFIER,
    deps,
    {
      "tenants.membership.linked": async (event, ctx) => {
        const mail = await welcomeMailFor(ctx.tx, event);
        if (!mail) return;
        const sent = await notifications.send({
          tenantId: mail.tenantId,
          channel: "EMAIL",
          template: "welcome",
          to: mail.to,
          data: { name: mail.name, storeName: mail.storeName, plan: mail.plan, dashboardUrl },
          idempotencyKey: mail.idempotencyKey,
        });
        await completeOnboardingStep(ctx.tx, event, sent.deliveryId);
        logger.info("welcome mail sent; onboarding complete", { requestId: mail.requestId, deliveryId: sent.deliveryId, deduplicated: sent.deduplicated });
      },
    },
    options,
    // The step's transaction stays open while the mail is sent (each SMTP phase bounded by SMTP_TIMEOUT_MS);
    // keep it under the server's 60 s idle-in-transaction limit, as the notifications consumer does.
    { transactionTimeoutMs: 55_000 },
  );
  const worker = consumerWorker(ONBOARDING_NOTIFIER, consumer);
  return {
    ...worker,
    async stop() {
      await worker.stop();
      await ownTransport?.close();
    },
  };
}

export const onboardingNotifierWorker: WorkerDefinition = {
  name: ONBOARDING_NOTIFIER,
  description: "onboarding saga: sends the welcome email once the owner is linked, completing the onboarding",
  create: (deps) => createOnboardingNotifierWorker(deps),
};
