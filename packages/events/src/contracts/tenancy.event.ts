import { z } from "zod";
import { defineEvent } from "./contract";
import { planSchema } from "./tenants.event";

// Changes to a tenant's staff, plan, status and stores. Each carries `actorId` (who did it), which the
// audit log records as the entry's actor.

export const tenantRoleSchema = z.enum(["OWNER", "ADMIN", "MANAGER", "STAFF", "VIEWER"]);

export const staffAddedV1 = defineEvent({
  type: "tenants.staff.added",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({ tenantId: z.uuid(), userId: z.uuid(), membershipId: z.uuid(), role: tenantRoleSchema, actorId: z.uuid() }),
});

export const staffRoleChangedV1 = defineEvent({
  type: "tenants.staff.role-changed",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({ tenantId: z.uuid(), userId: z.uuid(), fromRole: tenantRoleSchema, toRole: tenantRoleSchema, actorId: z.uuid() }),
});

export const staffRemovedV1 = defineEvent({
  type: "tenants.staff.removed",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({ tenantId: z.uuid(), userId: z.uuid(), role: tenantRoleSchema, actorId: z.uuid() }),
});

export const planChangedV1 = defineEvent({
  type: "tenants.plan.changed",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({ tenantId: z.uuid(), fromPlan: planSchema, toPlan: planSchema, actorId: z.uuid() }),
});

/** A platform operator suspended the tenant: its storefront disappears and its staff cannot make changes. */
export const tenantSuspendedV1 = defineEvent({
  type: "tenants.tenant.suspended",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({ tenantId: z.uuid(), reason: z.string().min(1).max(1_000), actorId: z.uuid() }),
});

export const tenantReactivatedV1 = defineEvent({
  type: "tenants.tenant.reactivated",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({ tenantId: z.uuid(), actorId: z.uuid() }),
});

const storeSlug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).min(2).max(63);
const theme = z.record(z.string(), z.unknown());

/** A store was created: by its tenant's staff (actorId) or as the default store of onboarding (actorId null). */
export const storeCreatedV1 = defineEvent({
  type: "stores.store.created",
  version: 1,
  topic: "stores.events",
  aggregateType: "store",
  payload: z.object({
    storeId: z.uuid(),
    tenantId: z.uuid(),
    name: z.string().min(1).max(200),
    slug: storeSlug,
    customDomain: z.string().max(253).nullable(),
    theme,
    actorId: z.uuid().nullable(),
  }),
});

/** Only the fields that changed are present. */
export const storeUpdatedV1 = defineEvent({
  type: "stores.store.updated",
  version: 1,
  topic: "stores.events",
  aggregateType: "store",
  payload: z.object({
    storeId: z.uuid(),
    tenantId: z.uuid(),
    changes: z.object({
      name: z.string().min(1).max(200).optional(),
      theme: theme.optional(),
      customDomain: z.string().max(253).nullable().optional(),
    }),
    actorId: z.uuid(),
  }),
});
