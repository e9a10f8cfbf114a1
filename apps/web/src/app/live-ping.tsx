"use client";

import { useTRPC } from "@bazaar/next-kit/react";
import { useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";

/**
 * Starts from the ping the server rendered (hydrated, no request) and asks the API again from the
 * browser on demand, through /api/trpc with the same types.
 */
export function LivePing() {
  const trpc = useTRPC();
  const ping = useSuspenseQuery(trpc.health.ping.queryOptions());
  const [browserCalls, setBrowserCalls] = useState(0);

  async function pingAgain() {
    const result = await ping.refetch();
    if (result.isSuccess) setBrowserCalls((n) => n + 1);
  }

  return (
    <article className="card" data-testid="live-ping">
      <h3>Live from the browser</h3>
      <dl className="facts">
        <dt>status</dt>
        <dd>{ping.data.status}</dd>
        <dt>server time</dt>
        <dd>
          <time dateTime={ping.data.time.toISOString()}>{ping.data.time.toISOString()}</time>
        </dd>
        <dt>browser calls</dt>
        <dd data-testid="browser-calls">{browserCalls}</dd>
      </dl>
      <p>
        <button type="button" className="button" onClick={pingAgain} disabled={ping.isFetching}>
          {ping.isFetching ? "Pinging…" : "Ping again"}
        </button>
      </p>
      {ping.error ? <p role="alert">Ping failed: {ping.error.message}</p> : null}
    </article>
  );
}
