import { z } from "zod";
import { defineEvent } from "./contract";

// Custom domains of stores (packages/api/src/stores). Aggregate: the store, so a store's domain events
// stay in order with its other events on stores.events. The verification token is left out: it proves
// nothing once published, but the audit trail has no use for it either.

const hostname = z.string().min(4).max(253).regex(/^[a-z0-9.-]+$/);

const domainFields = {
  storeId: z.uuid(),
  tenantId: z.uuid(),
  domainId: z.uuid(),
  hostname,
  actorId: z.uuid(),
};

/** A seller claimed a host name; it routes nowhere until verified. */
export const domainClaimedV1 = defineEvent({
  type: "stores.domain.claimed",
  version: 1,
  topic: "stores.events",
  aggregateType: "store",
  payload: z.object({ ...domainFields, txtRecordName: z.string().max(253) }),
});

/** The TXT record was found: the host name now routes to the store (Host header → store). */
export const domainVerifiedV1 = defineEvent({
  type: "stores.domain.verified",
  version: 1,
  topic: "stores.events",
  aggregateType: "store",
  payload: z.object({ ...domainFields, primary: z.boolean() }),
});

/** The claim was withdrawn; `wasVerified` says whether the host name stopped routing to the store. */
export const domainRemovedV1 = defineEvent({
  type: "stores.domain.removed",
  version: 1,
  topic: "stores.events",
  aggregateType: "store",
  payload: z.object({ ...domainFields, wasVerified: z.boolean() }),
});
