import { createTRPCRouter, platformProcedure } from "../trpc";
import { listSagasSchema, retrySagaSchema, sagaIdSchema, stuckRuleSchema } from "./saga-ops.schema";
import { getSaga, listSagas, retrySaga } from "./saga-ops.service";

/** The ops console's saga monitor: SUPPORT may look, only OPERATORs retry a stuck saga. */
export const sagaOpsRouter = createTRPCRouter({
  list: platformProcedure("SUPPORT").input(listSagasSchema).query(({ ctx, input }) => listSagas(ctx.db, input)),
  get: platformProcedure("SUPPORT")
    .input(sagaIdSchema.extend(stuckRuleSchema.shape))
    .query(({ ctx, input }) => getSaga(ctx.db, input.sagaId, { overdueSeconds: input.overdueSeconds, minAttempts: input.minAttempts })),
  retry: platformProcedure("OPERATOR").input(retrySagaSchema).mutation(({ ctx, input }) => retrySaga(ctx.db, ctx.session.userId, input)),
});
