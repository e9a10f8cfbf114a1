"use client";

import { useState } from "react";

/** Keyset pagination state: the stack of cursors walked so far (undefined = first page). */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors.at(-1),
    canGoBack: cursors.length > 1,
    back: () => setCursors((c) => c.slice(0, -1)),
    forward: (next: string) => setCursors((c) => [...c, next]),
    reset: () => setCursors([undefined]),
  };
}

export function CursorPager({
  pages,
  nextCursor,
  labels = ["Newer", "Older"],
}: {
  pages: ReturnType<typeof useCursorPages>;
  nextCursor: string | null | undefined;
  labels?: [back: string, forward: string];
}) {
  return (
    <p>
      <button type="button" className="button button-secondary" disabled={!pages.canGoBack} onClick={pages.back}>
        {labels[0]}
      </button>{" "}
      <button
        type="button"
        className="button button-secondary"
        disabled={!nextCursor}
        onClick={() => {
          if (nextCursor) pages.forward(nextCursor);
        }}
      >
        {labels[1]}
      </button>
    </p>
  );
}
