"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { useState } from "react";

/**
 * The error or success sentence of a panel's actions: `run` clears both, performs the call, runs
 * `onDone` (e.g. clearing the form), reports, and refreshes what it changed (`afterSuccess`). `onDone`
 * runs before the notice shows, so nothing typed after the notice is wiped. Resolves to whether the call
 * succeeded.
 */
export function useActionFeedback(afterSuccess: () => Promise<unknown>) {
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function run(action: () => Promise<unknown>, done: string, onDone?: () => void): Promise<boolean> {
    setError(null);
    setNotice(null);
    try {
      await action();
      onDone?.();
      setNotice(done);
      await afterSuccess();
      return true;
    } catch (cause) {
      setError(apiErrorOf(cause));
      return false;
    }
  }

  return { error, notice, run };
}
