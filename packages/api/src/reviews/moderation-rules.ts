import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";

// The automatic holds that need only the text and a few counts. A held review waits for an operator
// (never published at once, even when the seller auto-publishes); the reasons are stored on the row so
// the queue shows why.

export const HOLD_REASONS = ["profanity", "link", "burst-account", "burst-address", "new-account"] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

// Built once: the English dataset with the library's recommended transformers (leet speak, repeated
// letters, confusable Unicode), which catch the disguised spellings a plain word list misses.
const profanity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

// A scheme, a "www." host, or a bare domain with a common top-level domain: a review is about a
// purchase, and a link in one is spam or phishing far more often than not.
const LINK = /\b(?:https?:\/\/|ftp:\/\/|www\.)\S|\b[a-z0-9-]{2,}\.(?:com|net|org|io|co|ru|cn|info|biz|xyz|shop|top|link|click|app|de|uk)\b/i;

export interface HoldFacts {
  /** Reviews by the same account within the burst window, before this one. */
  recentByAccount: number;
  /** Reviews from the same client address within the burst window, before this one (null: unknown address). */
  recentByAddress: number | null;
  accountAgeMinutes: number;
}

export interface HoldThresholds {
  burstMaxPerAccount: number;
  burstMaxPerAddress: number;
  newAccountMinutes: number;
}

export function textHoldReasons(...texts: string[]): HoldReason[] {
  const joined = texts.join("\n");
  const reasons: HoldReason[] = [];
  if (profanity.hasMatch(joined)) reasons.push("profanity");
  if (LINK.test(joined)) reasons.push("link");
  return reasons;
}

export function holdReasons(texts: string[], facts: HoldFacts, limits: HoldThresholds): HoldReason[] {
  const reasons = textHoldReasons(...texts);
  if (facts.recentByAccount >= limits.burstMaxPerAccount) reasons.push("burst-account");
  if (facts.recentByAddress !== null && facts.recentByAddress >= limits.burstMaxPerAddress) reasons.push("burst-address");
  if (limits.newAccountMinutes > 0 && facts.accountAgeMinutes < limits.newAccountMinutes) reasons.push("new-account");
  return reasons;
}

export type ReviewStatus = "PENDING" | "HELD" | "PUBLISHED" | "REJECTED";

/** Where a new or edited review lands: held when any rule fired, else published at once only when the seller chose so. */
export function initialStatus(reasons: readonly HoldReason[], autoPublish: boolean): ReviewStatus {
  if (reasons.length > 0) return "HELD";
  return autoPublish ? "PUBLISHED" : "PENDING";
}

/** What a status change does to the subject's histogram: only published reviews count. */
export function ratingChange(before: { status: ReviewStatus; rating: number } | null, after: { status: ReviewStatus; rating: number }) {
  const removed = before?.status === "PUBLISHED" ? before.rating : null;
  const added = after.status === "PUBLISHED" ? after.rating : null;
  return { removed, added };
}
