"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useState } from "react";

type Report = RouterOutputs["audit"]["verify"];

const REASONS: Record<string, string> = {
  "prev-hash-mismatch": "it does not point at the entry before it",
  "hash-mismatch": "its content no longer matches its hash",
};

/** Recomputes the chain's hashes on the server and says whether any entry was altered. */
export function VerifyChain({ verify }: { verify: (() => Promise<Report>) | null }) {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [pending, setPending] = useState(false);

  async function run() {
    if (!verify) return;
    setPending(true);
    setError(null);
    try {
      setReport(await verify());
    } catch (cause) {
      setError(apiErrorOf(cause));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Tamper check</h2>
      <p className="form-notice">Every entry commits to the one before it; changing or removing any entry breaks the chain.</p>
      {verify ? (
        <button type="button" className="button" onClick={() => void run()} disabled={pending}>
          {pending ? "Verifying…" : "Verify chain"}
        </button>
      ) : (
        <p className="form-notice">Pick one chain to verify it.</p>
      )}
      <FormAlert error={error} />
      {report ? (
        <div role="status" data-testid="verify-result">
          {report.valid ? (
            <p className="form-success">
              Chain intact: {report.entries} entries verified. Head <code title={report.headHash}>{report.headHash.slice(0, 16)}…</code>
            </p>
          ) : (
            <p className="form-alert">
              Chain broken at entry #{report.firstBroken?.seq} ({report.firstBroken?.action}, {formatDateTime(report.firstBroken?.createdAt)}):{" "}
              {REASONS[report.firstBroken?.reason ?? ""] ?? report.firstBroken?.reason}. {report.entries} entries before it verified.
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}
