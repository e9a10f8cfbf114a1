-- A signed-in shopper's own order groups, orders and lines, read in their user context (asUser), so
-- checkout.myOrderGroups / getOrderGroup no longer run with platform rights guarded only by their WHERE
-- (issue 10 item 7; decision 0016, "users and the shopper's orders"). Read only: every write to these
-- tables stays with the checkout saga and the sellers (platform and tenant contexts, 20261201150500).

CREATE POLICY shopper_own ON "order_groups" FOR SELECT
    USING ("shopper_user_id" = app_current_user_id());

CREATE POLICY shopper_own ON "orders" FOR SELECT
    USING (EXISTS (SELECT 1 FROM "order_groups" g WHERE g."id" = "orders"."group_id" AND g."shopper_user_id" = app_current_user_id()));

CREATE POLICY shopper_own ON "order_lines" FOR SELECT
    USING (EXISTS (
        SELECT 1 FROM "orders" o JOIN "order_groups" g ON g."id" = o."group_id"
         WHERE o."id" = "order_lines"."order_id" AND g."shopper_user_id" = app_current_user_id()));
