/** A saga's badge: stuck ones stand out, the two endings each have their tone. */
export const sagaTone = (state: string, stuck: boolean) => (stuck ? "bad" : state === "CONFIRMED" ? "ok" : state === "COMPENSATED" ? "accent" : undefined);
export const sagaLabel = (state: string, stuck: boolean) => (stuck ? `${state.toLowerCase()} (stuck)` : state.toLowerCase());
