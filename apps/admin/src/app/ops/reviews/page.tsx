import type { Metadata } from "next";

import { opsAccess } from "../ops-guard";
import { ReviewQueue } from "./review-queue";

export const metadata: Metadata = { title: "Ops: reviews" };

export default async function OpsReviewsPage() {
  const { denied } = await opsAccess("/ops/reviews", "SUPPORT");
  if (denied) return denied;
  return (
    <>
      <h1>Review moderation</h1>
      <p className="lead">
        Reviews waiting for a decision: those an automatic rule held, those pending approval, and published ones shoppers
        reported. Approve to publish, or reject with a reason the author is told. Every decision is audited.
      </p>
      <ReviewQueue />
    </>
  );
}
