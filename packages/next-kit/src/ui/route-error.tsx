"use client";

import { useEffect } from "react";

/**
 * The error boundary page both apps mount as `app/error.tsx`. In production Next replaces the message
 * of a server error with a digest, which is what an operator greps the server logs for.
 */
export function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <section role="alert">
      <h1>Something went wrong</h1>
      <p className="lead">The page could not be loaded. Trying again usually helps.</p>
      {error.digest ? (
        <p>
          Reference: <code>{error.digest}</code>
        </p>
      ) : null}
      <p>
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>
      </p>
    </section>
  );
}
