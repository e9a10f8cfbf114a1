export { createDb, type CreateDbOptions, type Db, type Tx } from "./client";
export { withTenant, asPlatform, asUser, type TxOptions } from "./tenant-context";
export { refuseEmptyWhere, isEmptyWhere } from "./empty-where.extension";
export { DbError, TenantContextError, UserContextError, EmptyWhereError, MigrationError } from "./errors";
export {
  Prisma,
  TenantType,
  Plan,
  TenantStatus,
  UserStatus,
  PlatformRole,
  TenantRole,
  type Tenant,
  type User,
  type Membership,
  type OutboxEvent,
  type InboxEvent,
  type AuditEntry,
  PaymentStatus,
  type Payment,
  type PaymentWebhookEvent,
  OrderStatus,
  SagaState,
  SagaStep,
  type CheckoutSaga,
  type Order,
  type OrderGroup,
  type Promotion,
  RefundState,
  type OrderLine,
  type OrderRefund,
} from "./generated/prisma/client";
