import { createHmac, timingSafeEqual } from "node:crypto";
import { apiEnv } from "../env";
import { DomainError } from "../errors";

// A guest has no account to read their order group with, so the confirmation page and the mails carry a
// capability: HMAC-SHA256 over the group id with a server secret (ORDER_LINK_SECRET). Group ids are
// random UUIDs, but an id alone is not a secret (it sits in logs and events); the token is. Without a
// secret (production with none configured) no token is issued and none verifies: fails closed.

const DOMAIN = "bazaar:order-group-link:v1:";

export class OrderLinkUnavailableError extends DomainError {
  constructor() {
    super("PRECONDITION_FAILED", "order links are not configured on this server", { reason: "order-link-secret-missing" });
    this.name = "OrderLinkUnavailableError";
  }
}

function mac(secret: string, groupId: string): Buffer {
  return createHmac("sha256", secret).update(`${DOMAIN}${groupId.toLowerCase()}`).digest();
}

/** The token of `groupId`'s status link (base64url, 43 characters). */
export function signOrderLink(groupId: string, secret: string | undefined = apiEnv().ORDER_LINK_SECRET): string {
  if (!secret) throw new OrderLinkUnavailableError();
  return mac(secret, groupId).toString("base64url");
}

/** True only for the token `signOrderLink` gave for this group with this secret; false without a secret. */
export function verifyOrderLink(groupId: string, token: string, secret: string | undefined = apiEnv().ORDER_LINK_SECRET): boolean {
  if (!secret) return false;
  const given = Buffer.from(token, "base64url");
  const expected = mac(secret, groupId);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `<origin>/orders/<groupId>?token=…`: the page a guest (or anyone holding the mail) reads the group on. */
export function orderStatusUrl(origin: string, groupId: string, secret?: string): string {
  const url = new URL(`/orders/${groupId}`, origin);
  url.searchParams.set("token", signOrderLink(groupId, secret ?? apiEnv().ORDER_LINK_SECRET));
  return url.toString();
}
