-- Checkout admission (packages/api/src/checkout/checkout-admission.ts, decision 0032) counts the
-- checkouts whose saga has not reserved yet several times a second; this index holds exactly those
-- rows, so the count reads the backlog alone and not every running saga (those awaiting a shopper's
-- payment can be many). Partial: Prisma cannot model it, and schema agreement leaves it out.
CREATE INDEX "checkout_sagas_backlog_idx" ON "checkout_sagas"("created_at") WHERE "state" = 'RUNNING' AND "step" = 'RESERVE';
