"use client";

import type { RouterOutputs } from "@bazaar/api";
import { useTRPC } from "@bazaar/next-kit/react";
import { useSuspenseQuery } from "@tanstack/react-query";

type Readiness = RouterOutputs["health"]["ready"];

/** Dependencies as the operator knows them; the API reports them under its own check names. */
const LABELS: Record<string, string> = { postgres: "Database (PostgreSQL)", redis: "Redis" };

const REFRESH_MS = 15_000;

export function SystemStatus() {
  const trpc = useTRPC();
  const ready = useSuspenseQuery({ ...trpc.health.ready.queryOptions(), refetchInterval: REFRESH_MS });
  const report: Readiness = ready.data;

  return (
    <section className="card" aria-labelledby="system-status-heading" data-testid="system-status">
      <h2 id="system-status-heading">
        System status:{" "}
        <span className="status" data-state={report.status === "ok" ? "up" : "down"} data-testid="overall-status">
          {report.status === "ok" ? "all systems ready" : "degraded"}
        </span>
      </h2>
      <dl className="facts">
        {Object.entries(report.checks).map(([name, check]) => (
          <CheckRow key={name} name={name} check={check} />
        ))}
      </dl>
      <p>
        <button type="button" className="button" onClick={() => void ready.refetch()} disabled={ready.isFetching}>
          {ready.isFetching ? "Checking…" : "Check again"}
        </button>
      </p>
    </section>
  );
}

function CheckRow({ name, check }: { name: string; check: Readiness["checks"][string] }) {
  const up = check.status === "ok";
  return (
    <>
      <dt>{LABELS[name] ?? name}</dt>
      <dd data-testid={`check-${name}`}>
        <span className="status" data-state={up ? "up" : "down"}>
          {up ? "up" : "down"}
        </span>{" "}
        ({check.durationMs} ms){check.error ? ` — ${check.error}` : null}
      </dd>
    </>
  );
}
