// How a review's moderation status reads to its author, on the form after submitting and in their list.

export type ReviewStatus = "PENDING" | "HELD" | "PUBLISHED" | "REJECTED";

export const STATUS_LABEL: Record<ReviewStatus, string> = {
  PENDING: "Pending moderation",
  HELD: "Held for a closer look",
  PUBLISHED: "Published",
  REJECTED: "Rejected",
};

export const STATUS_TONE: Record<ReviewStatus, "ok" | "bad" | "accent"> = { PENDING: "accent", HELD: "accent", PUBLISHED: "ok", REJECTED: "bad" };

export function statusNotice(status: ReviewStatus): string {
  switch (status) {
    case "PUBLISHED":
      return "Thank you! Your review is published.";
    case "HELD":
      return "Thank you! Your review is pending moderation: something in it needs a closer look by our team before it is published.";
    case "REJECTED":
      return "Your review was not accepted.";
    default:
      return "Thank you! Your review is pending moderation and will appear once our team approves it.";
  }
}

/** The author may still change it: not rejected, and inside the edit window (the API decides for real). */
export function isEditable(review: { status: ReviewStatus; editableUntil: Date | string }, now: Date = new Date()): boolean {
  return review.status !== "REJECTED" && new Date(review.editableUntil).getTime() > now.getTime();
}
