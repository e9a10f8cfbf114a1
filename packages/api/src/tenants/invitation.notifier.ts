import type { Db } from "@bazaar/db";
import { createNotificationServiceFromEnv, type NotificationService } from "@bazaar/notifications";
import type { Logger } from "@bazaar/observability";
import { apiEnv } from "../env";
import { INVITATION_TTL_DAYS, type CreatedInvitation } from "./invitations.service";

// The invitation mail carries the link's secret, so it is sent directly (like identity's codes) and not
// through the outbox, Kafka and the audit log, which keep every payload.

const services = new WeakMap<Db, NotificationService>();

function serviceFor(db: Db, logger: Logger): NotificationService {
  let service = services.get(db);
  if (!service) {
    service = createNotificationServiceFromEnv(db, logger);
    services.set(db, service);
  }
  return service;
}

/** Where the admin app accepts invitations: the mail's link. */
export function acceptInvitationUrl(token: string): string {
  const url = new URL("/invitations/accept", apiEnv().ADMIN_ORIGIN);
  url.searchParams.set("token", token);
  return url.toString();
}

export async function sendInvitationMail(db: Db, logger: Logger, tenantId: string, created: CreatedInvitation, inviterName: string): Promise<void> {
  const { invitation } = created;
  if (invitation.role === "OWNER") throw new Error("OWNER is never granted by invitation");
  await serviceFor(db, logger).send({
    tenantId,
    channel: "EMAIL",
    template: "staff-invitation",
    to: invitation.email,
    data: { tenantName: created.tenantName, inviterName, role: invitation.role, acceptUrl: acceptInvitationUrl(created.token), expiresInDays: INVITATION_TTL_DAYS },
    // The invitation's id, never its token: the delivery log is readable by the tenant's staff.
    idempotencyKey: `staff-invitation:${invitation.invitationId}`,
  });
}
