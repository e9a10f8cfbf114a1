// Sends one notification through the real service, for trying a template out (the email shows up in
// Mailpit at MAIL_API_URL, the SMS in SMS_LOG_PATH). Needs a migrated DATABASE_URL.
//   pnpm --filter @bazaar/notifications send --template two-factor-code --channel SMS --to +15550100 \
//     --data '{"code":"123456","expiresInMinutes":5}' [--locale fr] [--tenant <uuid>] [--key <idempotency key>]
import { parseArgs } from "node:util";
import { createDb } from "@bazaar/db";
import { createNotificationServiceFromEnv } from "../notifications";
import { NotificationError } from "../errors";

const { values } = parseArgs({
  options: {
    template: { type: "string" },
    channel: { type: "string", default: "EMAIL" },
    to: { type: "string" },
    data: { type: "string", default: "{}" },
    locale: { type: "string" },
    tenant: { type: "string" },
    key: { type: "string" },
  },
});
if (!values.template || !values.to || (values.channel !== "EMAIL" && values.channel !== "SMS")) {
  console.error("usage: send --template NAME --to ADDRESS [--channel EMAIL|SMS] [--data JSON] [--locale xx] [--tenant UUID] [--key KEY]");
  process.exit(2);
}
const db = createDb({ applicationName: "notifications-send", poolSize: 2 });
try {
  const result = await createNotificationServiceFromEnv(db).sendUntyped({
    tenantId: values.tenant ?? null,
    channel: values.channel,
    template: values.template,
    to: values.to,
    data: JSON.parse(values.data) as unknown,
    locale: values.locale,
    idempotencyKey: values.key,
  });
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(error instanceof NotificationError ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
