"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC, useTRPCClient } from "@bazaar/next-kit/react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { CursorPager, useCursorPages } from "../cursor-pager";
import { AuditExport } from "./audit-export";
import { VerifyChain } from "./verify-chain";

type Entry = RouterOutputs["audit"]["list"]["entries"][number];

/**
 * Which chain the viewer reads. `tenant`: the working tenant's own trail (audit.*, ADMIN and up).
 * `ops`: any chain through ops.* (platform OPERATOR); `chain` null is the platform's own chain,
 * "all" lists every chain interleaved (verify and export need one chain).
 */
export type AuditScope = { kind: "tenant" } | { kind: "ops"; chain: string | null | "all" };

const PAGE_SIZE = 50;

export function AuditViewer({ scope }: { scope: AuditScope }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  // Cursors of the pages before the one shown, so "newer" can go back.
  const pages = useCursorPages();
  const cursor = pages.cursor;

  const tenantList = useQuery({
    ...trpc.audit.list.queryOptions({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    enabled: scope.kind === "tenant",
    placeholderData: keepPreviousData,
  });
  const opsChain = scope.kind === "ops" ? scope.chain : "all";
  const opsList = useQuery({
    ...trpc.ops.listAudit.queryOptions({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}), ...(opsChain === "all" ? {} : { tenantId: opsChain }) }),
    enabled: scope.kind === "ops",
    placeholderData: keepPreviousData,
  });
  const list = scope.kind === "tenant" ? tenantList : opsList;
  const listError: ApiErrorView | null = list.error ? apiErrorOf(list.error) : null;

  const verify =
    scope.kind === "tenant"
      ? () => client.audit.verify.query()
      : opsChain === "all"
        ? null
        : () => client.ops.verifyAudit.query({ tenantId: opsChain });
  const exportRange =
    scope.kind === "tenant"
      ? (input: { from: Date; to: Date; format: "jsonl" | "csv" }) => client.audit.export.query(input)
      : opsChain && opsChain !== "all"
        ? (input: { from: Date; to: Date; format: "jsonl" | "csv" }) => client.ops.exportAudit.query({ ...input, tenantId: opsChain })
        : null;

  return (
    <div className="stack">
      <div className="card-grid">
        <VerifyChain key={`verify-${String(opsChain)}`} verify={verify} />
        <AuditExport key={`export-${String(opsChain)}`} exportRange={exportRange} />
      </div>

      <section aria-labelledby="entries-heading">
        <h2 id="entries-heading">Entries, newest first</h2>
        <FormAlert error={listError} />
        {list.data ? <EntriesTable entries={list.data.entries} showTenant={scope.kind === "ops"} /> : list.isPending ? <p className="form-notice">Loading…</p> : null}
        <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />
      </section>
    </div>
  );
}

function EntriesTable({ entries, showTenant }: { entries: Entry[]; showTenant: boolean }) {
  if (entries.length === 0) return <p className="form-notice">No entries yet.</p>;
  return (
    <table className="data-table" data-testid="audit-entries">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">When</th>
          <th scope="col">Action</th>
          <th scope="col">Entity</th>
          {showTenant ? <th scope="col">Chain</th> : null}
          <th scope="col">Actor</th>
          <th scope="col">Hash</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>{e.seq}</td>
            <td>{formatDateTime(e.createdAt)}</td>
            <td>
              <code>{e.action}</code>
              <details>
                <summary>data</summary>
                <pre>{JSON.stringify(e.data, null, 2)}</pre>
              </details>
            </td>
            <td>
              {e.entityType}
              {e.entityId ? <small> {e.entityId.slice(0, 8)}</small> : null}
            </td>
            {showTenant ? <td>{e.tenantId ? e.tenantId.slice(0, 8) : "platform"}</td> : null}
            <td>{e.actorId ? e.actorId.slice(0, 8) : "system"}</td>
            <td title={`${e.hash} (previous ${e.prevHash})`}>
              <code>{e.hash.slice(0, 12)}…</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
