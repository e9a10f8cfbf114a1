import type { z } from "zod";
import type { Envelope } from "../envelope";
import {
  categoryCreatedV1,
  categoryDeletedV1,
  categoryUpdatedV1,
  collectionCreatedV1,
  collectionDeletedV1,
  collectionUpdatedV1,
  productArchivedV1,
  productCreatedV1,
  productPublishedV1,
  productUnpublishedV1,
  productUpdatedV1,
  variantCreatedV1,
  variantDeletedV1,
  variantUpdatedV1,
} from "./catalog.event";
import type { EventContract } from "./contract";
import {
  flagDecidedV1,
  identityFlaggedV1,
  loginFailedV1,
  loginSucceededV1,
  secondFactorChangedV1,
  sessionRevokedV1,
  userRegisteredV1,
} from "./identity.event";
import {
  membershipLinkedV1,
  onboardingCompletedV1,
  onboardingRequestedV1,
  provisioningFailedV1,
  tenantProvisionedV1,
  userRolledBackV1,
} from "./onboarding.event";
import {
  planChangedV1,
  staffAddedV1,
  staffRemovedV1,
  staffRoleChangedV1,
  storeCreatedV1,
  storeUpdatedV1,
  tenantReactivatedV1,
  tenantSuspendedV1,
} from "./tenancy.event";
import { planApprovalDecidedV1, planApprovalRequestedV1 } from "./plan-approval.event";
import { domainClaimedV1, domainRemovedV1, domainVerifiedV1 } from "./stores.event";
import { tenantCreatedV1 } from "./tenants.event";
import {
  reservationCommittedV1,
  reservationCreatedV1,
  reservationExpiredV1,
  reservationReleasedV1,
  stockAdjustedV1,
  stockLocationCreatedV1,
  stockLocationDeletedV1,
  stockLocationUpdatedV1,
  stockLowV1,
  stockReceivedV1,
  stockThresholdSetV1,
} from "./inventory.event";
import {
  invitationAcceptedV1,
  invitationCreatedV1,
  invitationRevokedV1,
  passwordChangedV1,
  passwordResetRequestedV1,
  passwordResetV1,
} from "./account-recovery.event";
import { mediaAssetReadyV1, mediaAssetRejectedV1 } from "./media.event";
import { notificationRequestedV1 } from "./notifications.event";
import { stockLevelCapturedV1 } from "./inventory-cdc.event";
import { deadLettersReplayedV1 } from "./audit.event";
import {
  paymentActionRequiredV1,
  paymentAuthorizedV1,
  paymentCapturedV1,
  paymentFailedV1,
  paymentRefundedV1,
  paymentVoidedV1,
} from "./payments.event";
import { orderCancelledV1, orderFulfilledV1, orderGroupCancelledV1, orderGroupConfirmedV1, orderGroupPlacedV1, orderRefundedV1, orderRefundFailedV1 } from "./orders.event";
import {
  ratingRecomputedV1,
  reviewEditedV1,
  reviewPublishedV1,
  reviewRejectedV1,
  reviewRepliedV1,
  reviewReportedV1,
  reviewSubmittedV1,
} from "./reviews.event";
import { pingSentV1 } from "./test-only.event";

/** Every contract, one entry per type and version. Publisher and handler types are derived from it. */
export const eventContracts = [
  tenantCreatedV1,
  userRegisteredV1,
  identityFlaggedV1,
  flagDecidedV1,
  sessionRevokedV1,
  loginSucceededV1,
  loginFailedV1,
  secondFactorChangedV1,
  passwordResetRequestedV1,
  passwordResetV1,
  passwordChangedV1,
  onboardingRequestedV1,
  tenantProvisionedV1,
  provisioningFailedV1,
  membershipLinkedV1,
  onboardingCompletedV1,
  userRolledBackV1,
  staffAddedV1,
  staffRoleChangedV1,
  staffRemovedV1,
  invitationCreatedV1,
  invitationAcceptedV1,
  invitationRevokedV1,
  planChangedV1,
  planApprovalRequestedV1,
  planApprovalDecidedV1,
  tenantSuspendedV1,
  tenantReactivatedV1,
  storeCreatedV1,
  storeUpdatedV1,
  domainClaimedV1,
  domainVerifiedV1,
  domainRemovedV1,
  productCreatedV1,
  productUpdatedV1,
  productPublishedV1,
  productUnpublishedV1,
  productArchivedV1,
  variantCreatedV1,
  variantUpdatedV1,
  variantDeletedV1,
  collectionCreatedV1,
  collectionUpdatedV1,
  collectionDeletedV1,
  categoryCreatedV1,
  categoryUpdatedV1,
  categoryDeletedV1,
  notificationRequestedV1,
  stockLocationCreatedV1,
  stockLocationUpdatedV1,
  stockLocationDeletedV1,
  stockReceivedV1,
  stockAdjustedV1,
  stockThresholdSetV1,
  stockLowV1,
  reservationCreatedV1,
  reservationReleasedV1,
  reservationExpiredV1,
  reservationCommittedV1,
  stockLevelCapturedV1,
  mediaAssetReadyV1,
  mediaAssetRejectedV1,
  deadLettersReplayedV1,
  paymentActionRequiredV1,
  paymentAuthorizedV1,
  paymentCapturedV1,
  paymentRefundedV1,
  paymentVoidedV1,
  paymentFailedV1,
  orderGroupPlacedV1,
  orderGroupConfirmedV1,
  orderGroupCancelledV1,
  orderFulfilledV1,
  orderCancelledV1,
  orderRefundedV1,
  orderRefundFailedV1,
  reviewSubmittedV1,
  reviewEditedV1,
  reviewPublishedV1,
  reviewRejectedV1,
  reviewRepliedV1,
  reviewReportedV1,
  ratingRecomputedV1,
  pingSentV1,
] as const satisfies readonly EventContract[];

export type AnyContract = (typeof eventContracts)[number];
export type EventType = AnyContract["type"];
export type ContractOf<T extends EventType> = Extract<AnyContract, { type: T }>;
export type VersionOf<T extends EventType> = ContractOf<T>["version"];
export type PayloadOf<T extends EventType, V extends VersionOf<T> = VersionOf<T>> = z.output<
  Extract<ContractOf<T>, { version: V }>["payload"]
>;

type EnvelopeOf<C extends AnyContract> = Omit<Envelope, "type" | "version" | "payload"> & {
  type: C["type"];
  version: C["version"];
  payload: z.output<C["payload"]>;
};

/** A parsed event of type T: a union over T's versions, so a handler switches on `version`. */
export type EventOf<T extends EventType> = ContractOf<T> extends infer C
  ? C extends AnyContract
    ? EnvelopeOf<C>
    : never
  : never;

export type DomainEvent = EventOf<EventType>;

const byKey = new Map<string, AnyContract>(eventContracts.map((c) => [`${c.type}@${c.version}`, c]));

export function findContract(type: string, version: number): AnyContract | undefined {
  return byKey.get(`${type}@${version}`);
}

export function isKnownEventType(type: string): type is EventType {
  return eventContracts.some((c) => c.type === type);
}

/** The newest version of a type: what new code emits unless it names one. */
export function latestContract<T extends EventType>(type: T): ContractOf<T> {
  let latest: AnyContract | undefined;
  for (const c of eventContracts) if (c.type === type && (!latest || c.version > latest.version)) latest = c;
  if (!latest) throw new Error(`unknown event type ${type}`);
  return latest as ContractOf<T>;
}
