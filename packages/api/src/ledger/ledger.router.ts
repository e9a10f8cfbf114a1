import { apiEnv } from "../env";
import { createTRPCRouter, platformProcedure, tenantProcedure } from "../trpc";
import { getPayout, listEntries, listPayouts, platformTotals, sellerBalances } from "./ledger-queries.service";
import { listEntriesSchema, listPayoutsSchema, payoutIdSchema, platformTotalsSchema } from "./ledger.schema";
import { setPayoutDestinationSchema } from "./payout-destination.schema";
import { payoutDestinations, setPayoutDestination } from "./payout-destination.service";

// Thin wiring: every procedure is one read in ledger-queries.service.ts (one grouped file, as the README
// says: no procedure has logic of its own). Tenant reads run in the tenant's RLS transaction.

/** The header tenant's ledger (VIEWER and up), and the platform's totals for the ops console. */
export const ledgerRouter = createTRPCRouter({
  balance: tenantProcedure("VIEWER").query(({ ctx }) => sellerBalances(ctx.db, apiEnv().PAYOUT_HOLD_SECONDS)),
  entries: tenantProcedure("VIEWER").input(listEntriesSchema).query(({ ctx, input }) => listEntries(ctx.db, input)),
  platformTotals: platformProcedure("SUPPORT").input(platformTotalsSchema).query(({ ctx, input }) => platformTotals(ctx.db, input.currency)),
});

/** The header tenant's payouts (VIEWER and up); where they go, seen and set by the OWNER only (audited). */
export const payoutsRouter = createTRPCRouter({
  list: tenantProcedure("VIEWER").input(listPayoutsSchema).query(({ ctx, input }) => listPayouts(ctx.db, input)),
  get: tenantProcedure("VIEWER").input(payoutIdSchema).query(({ ctx, input }) => getPayout(ctx.db, input.payoutId)),
  destinations: tenantProcedure("OWNER").query(({ ctx }) => payoutDestinations(ctx.db)),
  setDestination: tenantProcedure("OWNER")
    .input(setPayoutDestinationSchema)
    .mutation(({ ctx, input }) => setPayoutDestination(ctx.db, { tenantId: ctx.tenant.id, actorId: ctx.session.userId }, input)),
});
