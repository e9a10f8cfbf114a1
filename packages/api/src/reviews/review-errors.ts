import { ConflictError, DomainError } from "../errors";

// Typed refusals of the reviews domain; `details.reason` names which rule, for clients to branch on.

export class ReviewConflictError extends ConflictError {
  constructor(
    reason: "not-delivered" | "already-reviewed" | "edit-window-closed" | "version-conflict" | "not-awaiting-moderation" | "already-replied" | "not-published" | "own-review" | "product-gone",
    details: Record<string, unknown> = {},
  ) {
    const messages = {
      "not-delivered": "this order has not been delivered yet",
      "already-reviewed": "you already reviewed this",
      "edit-window-closed": "this review can no longer be changed",
      "version-conflict": "the review changed meanwhile; reload it",
      "not-awaiting-moderation": "this review is not awaiting moderation",
      "already-replied": "this review already has a reply",
      "not-published": "this review is not published",
      "own-review": "you cannot vote for your own review",
      "product-gone": "this product no longer exists",
    } as const;
    super(messages[reason], { reason, ...details });
    this.name = "ReviewConflictError";
  }
}

export class ReviewPhotoError extends DomainError {
  constructor(assetIds: string[]) {
    super("BAD_REQUEST", "photos must be your own uploads for this review, confirmed and ready", { reason: "photo-not-ready", assetIds });
    this.name = "ReviewPhotoError";
  }
}
