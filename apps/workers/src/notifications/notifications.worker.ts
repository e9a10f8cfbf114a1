import { createNotificationServiceFromEnv, createNotificationsConsumer, NOTIFICATIONS_GROUP } from "@bazaar/notifications";
import { consumerWorker, type WorkerDefinition } from "../worker";

export const notificationsWorker: WorkerDefinition = {
  name: NOTIFICATIONS_GROUP,
  description: "sends requested notifications (email over SMTP, SMS through the provider); retry, then DLQ",
  create: (deps) =>
    consumerWorker(
      NOTIFICATIONS_GROUP,
      createNotificationsConsumer({
        db: deps.db,
        kafka: deps.kafka,
        naming: deps.naming,
        logger: deps.logger,
        service: createNotificationServiceFromEnv(deps.db, deps.logger.child({ worker: NOTIFICATIONS_GROUP })),
      }),
    ),
};
