import { createTRPCRouter, platformProcedure, tenantProcedure } from "../trpc";
import { checkoutSettingsSchema, createRateSchema, rateIdInputSchema, taxRegionInputSchema, updateRateSchema, upsertTaxRateSchema } from "./shipping-settings.schema";
import {
  createRate,
  deleteRate,
  deleteTaxRate,
  getCheckoutSettings,
  listRates,
  listTaxRates,
  updateCheckoutSettings,
  updateRate,
  upsertTaxRate,
} from "./shipping-settings.service";

/** A seller's shipping rates and checkout settings: anyone in the tenant may look, MANAGERs change them. */
export const shippingRouter = createTRPCRouter({
  listRates: tenantProcedure("VIEWER").query(({ ctx }) => listRates(ctx.db)),
  createRate: tenantProcedure("MANAGER").input(createRateSchema).mutation(({ ctx, input }) => createRate(ctx.db, ctx.tenant.id, input)),
  updateRate: tenantProcedure("MANAGER").input(updateRateSchema).mutation(({ ctx, input }) => updateRate(ctx.db, input)),
  deleteRate: tenantProcedure("MANAGER").input(rateIdInputSchema).mutation(({ ctx, input }) => deleteRate(ctx.db, input.id)),
  getCheckoutSettings: tenantProcedure("VIEWER").query(({ ctx }) => getCheckoutSettings(ctx.db, ctx.tenant.id)),
  updateCheckoutSettings: tenantProcedure("MANAGER").input(checkoutSettingsSchema).mutation(({ ctx, input }) => updateCheckoutSettings(ctx.db, ctx.tenant.id, input)),
});

/** The platform's tax rate per shipping region: SUPPORT may look, OPERATORs change them (audited). */
export const taxRatesRouter = createTRPCRouter({
  list: platformProcedure("SUPPORT").query(({ ctx }) => listTaxRates(ctx.db)),
  upsert: platformProcedure("OPERATOR").input(upsertTaxRateSchema).mutation(({ ctx, input }) => upsertTaxRate(ctx.db, ctx.session.userId, input)),
  delete: platformProcedure("OPERATOR").input(taxRegionInputSchema).mutation(({ ctx, input }) => deleteTaxRate(ctx.db, ctx.session.userId, input.region)),
});
