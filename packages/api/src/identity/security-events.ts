import type { Db, Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import type { ClientInfo, SecondFactorMethod } from "./sessions.service";

// Security events for the audit log. Payloads carry identifiers only: never a code, password or token.

export type LoginFailureReason = "bad-password" | "unknown-email" | "locked" | "bad-second-factor";
export type SecondFactorKind = "totp" | "email" | "sms" | "recovery-codes";
export type SecondFactorChange = "enabled" | "disabled" | "regenerated";

export async function enqueueLoginSucceeded(
  tx: Tx,
  input: { userId: string; sessionId: string; secondFactor: SecondFactorMethod | null; client: ClientInfo },
): Promise<void> {
  await enqueue(tx, {
    type: "identity.login.succeeded",
    version: 1,
    tenantId: null,
    aggregateId: input.userId,
    payload: {
      userId: input.userId,
      sessionId: input.sessionId,
      secondFactor: input.secondFactor,
      ipAddress: input.client.ipAddress,
      userAgent: input.client.userAgent?.slice(0, 512) ?? null,
    },
  });
}

/**
 * A refused sign-in changes no row, so its event gets a transaction of its own. Keyed by the user when
 * there is one, otherwise by the address that was tried.
 */
export async function recordLoginFailed(
  db: Db,
  input: { email: string; userId: string | null; reason: LoginFailureReason; client: ClientInfo },
): Promise<void> {
  const email = input.email.toLowerCase();
  await db.$transaction(async (tx) => {
    await enqueue(tx, {
      type: "identity.login.failed",
      version: 1,
      tenantId: null,
      aggregateId: input.userId ?? email,
      payload: { email, userId: input.userId, reason: input.reason, ipAddress: input.client.ipAddress },
    });
  });
}

export async function enqueueSecondFactorChanged(tx: Tx, userId: string, method: SecondFactorKind, change: SecondFactorChange): Promise<void> {
  await enqueue(tx, {
    type: "identity.second-factor.changed",
    version: 1,
    tenantId: null,
    aggregateId: userId,
    payload: { userId, method, change },
  });
}
