"use client";

import type { RouterInputs, RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { CursorPager, useCursorPages } from "../../cursor-pager";

type Topic = RouterOutputs["eventExplorer"]["topics"][number];
type DlqTopic = RouterInputs["eventExplorer"]["deadLetters"]["topic"];
type Filters = Pick<RouterInputs["eventExplorer"]["recentEvents"], "type" | "aggregateId" | "correlationId">;

/** Topics with lag, recent events, dead letters: the three views of the explorer. */
export function EventExplorer({ canReplay }: { canReplay: boolean }) {
  const trpc = useTRPC();
  const topics = useQuery(trpc.eventExplorer.topics.queryOptions());
  const sourceTopics = (topics.data ?? []).filter((t) => !t.topic.endsWith(".dlq"));
  return (
    <div className="stack">
      <section aria-label="Topics">
        <h2>Topics</h2>
        <FormAlert error={topics.error ? apiErrorOf(topics.error) : null} />
        <TopicTable topics={topics.data ?? []} />
      </section>
      <section aria-label="Recent events">
        <h2>Recent events</h2>
        <RecentEvents />
      </section>
      <section aria-label="Dead letters">
        <h2>Dead letters</h2>
        {sourceTopics.length > 0 ? <DeadLetters topics={sourceTopics.map((t) => t.topic as DlqTopic)} canReplay={canReplay} /> : <p>No topics yet.</p>}
      </section>
    </div>
  );
}

function TopicTable({ topics }: { topics: Topic[] }) {
  return (
    <table data-testid="topics">
      <thead>
        <tr>
          <th>Topic</th>
          <th>Partitions</th>
          <th>Messages</th>
          <th>Consumer groups (lag)</th>
        </tr>
      </thead>
      <tbody>
        {topics.map((t) => (
          <tr key={t.topic}>
            <td>{t.topic}</td>
            <td>{t.partitions}</td>
            <td>{t.messages}</td>
            <td>{t.consumerGroups.length === 0 ? "none" : t.consumerGroups.map((g) => `${g.groupId} (${g.lag})`).join(", ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RecentEvents() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({});
  const pages = useCursorPages();
  const list = useQuery({
    ...trpc.eventExplorer.recentEvents.queryOptions({ ...filters, limit: 25, ...(pages.cursor ? { cursor: pages.cursor } : {}) }),
    placeholderData: keepPreviousData,
  });

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    setFilters({ type: value("type"), aggregateId: value("aggregateId"), correlationId: value("correlationId") });
    pages.reset();
  }

  return (
    <div className="stack">
      <form onSubmit={apply} className="inline-form" aria-label="Filter events">
        <label>
          Type <input name="type" placeholder="tenants.plan.changed" />
        </label>
        <label>
          Aggregate id <input name="aggregateId" />
        </label>
        <label>
          Correlation id <input name="correlationId" />
        </label>
        <button type="submit">Filter</button>
      </form>
      <FormAlert error={list.error ? apiErrorOf(list.error) : null} />
      <table data-testid="recent-events">
        <thead>
          <tr>
            <th>Position</th>
            <th>Type</th>
            <th>Aggregate</th>
            <th>Correlation</th>
            <th>Created</th>
            <th>Published</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.events.map((e) => (
            <tr key={e.eventId} title={JSON.stringify(e.payload)}>
              <td>{e.position}</td>
              <td>{e.type}</td>
              <td>{e.aggregateId}</td>
              <td>{e.correlationId}</td>
              <td>{formatDateTime(e.createdAt)}</td>
              <td>{e.publishedAt ? formatDateTime(e.publishedAt) : "waiting"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />
    </div>
  );
}

function DeadLetters({ topics, canReplay }: { topics: DlqTopic[]; canReplay: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [topic, setTopic] = useState<DlqTopic>(topics[0]!);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const letters = useQuery(trpc.eventExplorer.deadLetters.queryOptions({ topic }));
  const replay = useMutation(trpc.eventExplorer.replay.mutationOptions());

  async function replaySelected() {
    setError(null);
    setNotice(null);
    try {
      const result = await replay.mutateAsync({ topic, eventIds: [...selected] });
      setNotice(`Sent ${result.replayed.length} back to ${topic}.${result.notFound.length ? ` Not found: ${result.notFound.join(", ")}.` : ""}`);
      setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: trpc.eventExplorer.deadLetters.queryKey() });
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="stack">
      <label>
        Topic{" "}
        <select
          value={topic}
          onChange={(e) => {
            setTopic(e.target.value as DlqTopic);
            setSelected(new Set());
          }}
        >
          {topics.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <FormAlert error={error ?? (letters.error ? apiErrorOf(letters.error) : null)} />
      {notice ? <p className="form-notice">{notice}</p> : null}
      {letters.data?.length === 0 ? <p className="form-notice">No dead letters on {topic}.</p> : null}
      <table data-testid="dead-letters">
        <thead>
          <tr>
            {canReplay ? <th>Replay</th> : null}
            <th>Event</th>
            <th>Type</th>
            <th>Group</th>
            <th>Attempts</th>
            <th>Error</th>
            <th>Failed</th>
            <th>Replayed</th>
          </tr>
        </thead>
        <tbody>
          {letters.data?.map((d) => (
            <tr key={`${d.partition}:${d.offset}`}>
              {canReplay ? (
                <td>
                  {d.eventId ? (
                    <input type="checkbox" aria-label={`Select ${d.eventId}`} checked={selected.has(d.eventId)} onChange={() => toggle(d.eventId!)} />
                  ) : null}
                </td>
              ) : null}
              <td>{d.eventId ?? `${d.partition}:${d.offset}`}</td>
              <td>{d.type}</td>
              <td>{d.consumerGroup}</td>
              <td>{d.attempts}</td>
              <td>{d.error}</td>
              <td>{d.failedAt ? formatDateTime(d.failedAt) : ""}</td>
              <td>{d.replayedAt ? `${formatDateTime(d.replayedAt)} by ${d.replayedBy}` : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canReplay ? (
        <button type="button" onClick={replaySelected} disabled={selected.size === 0 || replay.isPending}>
          Replay {selected.size} selected
        </button>
      ) : null}
    </div>
  );
}
