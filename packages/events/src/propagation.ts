// How long an admin call may keep meeting brokers that have not yet heard of a topic.
const PROPAGATION_TIMEOUT_MS = 30_000;

/**
 * Runs an idempotent admin call again while a broker answers UNKNOWN_TOPIC_OR_PARTITION: on several
 * brokers a new topic reaches each broker's metadata cache at its own pace (bounded).
 */
export async function whileTopicsPropagate<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + PROPAGATION_TIMEOUT_MS;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if ((error as { type?: string }).type !== "UNKNOWN_TOPIC_OR_PARTITION" || Date.now() >= deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
