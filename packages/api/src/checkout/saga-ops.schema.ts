import { z } from "zod";
import { text, uuidCursor } from "../validation/text.schema";

// Inputs of the ops console's saga monitor (saga-ops.router.ts).

/** How the monitor sorts a saga: the four views partition every saga; `all` is their union. */
export const SAGA_VIEWS = ["in-flight", "stuck", "compensated", "confirmed", "all"] as const;
export type SagaView = (typeof SAGA_VIEWS)[number];

const SAGA_STEPS = ["RESERVE", "AUTHORIZE", "AWAIT_PAYMENT", "CONFIRM", "CAPTURE", "VOID", "RELEASE", "DONE"] as const;

/**
 * When an unfinished saga counts as stuck: its deadline passed more than `overdueSeconds` ago (no resumer
 * took it), or its current step failed `minAttempts` times in a row (the resumer keeps backing off).
 */
export const stuckRuleSchema = z.object({
  overdueSeconds: z.number().int().min(0).max(86_400).default(60),
  minAttempts: z.number().int().min(1).max(1_000).default(3),
});
export type StuckRule = z.infer<typeof stuckRuleSchema>;

export const listSagasSchema = stuckRuleSchema.extend({
  view: z.enum(SAGA_VIEWS).default("all"),
  step: z.enum(SAGA_STEPS).optional(),
  /** Only sagas with an order of this seller. */
  tenantId: z.uuid().optional(),
  /** A saga id or its order group's id. */
  id: z.uuid().optional(),
  /** Part of the shopper's email. */
  email: text({ max: 200 }).optional(),
  createdAfter: z.coerce.date().optional(),
  cursor: uuidCursor("a cursor from a previous page").optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListSagasInput = z.infer<typeof listSagasSchema>;

export const sagaIdSchema = z.object({ sagaId: z.uuid() });

export const retrySagaSchema = z.object({
  sagaId: z.uuid(),
  /** The version the operator looked at: if a worker moved the saga since, the retry is refused. */
  expectedVersion: z.number().int().min(0),
  /** Why (kept in the saga's history and the audit log). */
  reason: text({ max: 500 }),
});
export type RetrySagaInput = z.infer<typeof retrySagaSchema>;
