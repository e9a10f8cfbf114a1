import { HydrateClient, getQueryClient, trpc } from "../trpc/server";
import { LivePing } from "./live-ping";

export default async function HomePage() {
  // fetchQuery (not prefetch): this component renders the answer itself, and the same cache entry is
  // handed to <LivePing> through HydrateClient, so the browser starts with it instead of refetching.
  const ping = await getQueryClient().fetchQuery(trpc.health.ping.queryOptions());

  return (
    <HydrateClient>
      <section className="hero">
        <h1>Bazaar</h1>
        <p className="lead">Every independent store, one checkout.</p>
      </section>

      <section aria-labelledby="api-heading">
        <h2 id="api-heading">Marketplace API</h2>
        <div className="card-grid">
          <article className="card" data-testid="server-ping">
            <h3>Rendered on the server</h3>
            <dl className="facts">
              <dt>status</dt>
              <dd>{ping.status}</dd>
              <dt>server time</dt>
              <dd>
                <time dateTime={ping.time.toISOString()}>{ping.time.toISOString()}</time>
              </dd>
            </dl>
          </article>
          <LivePing />
        </div>
      </section>
    </HydrateClient>
  );
}
