// How fast the sagas take checkouts off the backlog, as one API process sees it (decision 0033). Every
// backlog count is a sample: what the backlog was at the previous count, plus the placements this
// process ended since, minus what it is now, is what left it (reserved, or refused) in between. The
// rate is those departures over the last `windowMs`. Placements of other API processes show up as a
// larger backlog and so as fewer departures: with several processes each one underestimates, which
// sizes the backlog smaller (shorter waits, never a longer queue).

export interface DrainRateOptions {
  /** How far back departures count. */
  windowMs: number;
  /** The least span of samples that gives a rate; below it there is none (`null`). */
  minSpanMs: number;
}

interface Sample {
  /** When this count was taken, and the count before it. */
  at: number;
  since: number;
  departed: number;
}

export interface DrainRate {
  /** A count of the backlog taken at `at`, and how many placements this process ended up to then. */
  sample(at: number, backlog: number, ended: number): void;
  /** Departures per second over the window ending at `now`, or null while the samples span too little time. */
  perSecond(now: number): number | null;
}

export function createDrainRate(options: DrainRateOptions): DrainRate {
  let last: { at: number; backlog: number; ended: number } | null = null;
  const samples: Sample[] = [];
  const prune = (now: number) => {
    while (samples.length > 0 && samples[0]!.since < now - options.windowMs) samples.shift();
  };
  return {
    sample(at, backlog, ended) {
      if (last && at > last.at) {
        // A placement that committed while the previous count ran is in that count and in `ended`'s
        // growth: it makes this sample's departures larger and the previous one's smaller by as much.
        // Never negative.
        samples.push({ at, since: last.at, departed: Math.max(0, last.backlog + (ended - last.ended) - backlog) });
      }
      last = { at, backlog, ended };
      prune(at);
    },
    perSecond(now) {
      prune(now);
      if (samples.length === 0) return null;
      const span = samples[samples.length - 1]!.at - samples[0]!.since;
      if (span < options.minSpanMs) return null;
      let departed = 0;
      for (const s of samples) departed += s.departed;
      return (departed * 1000) / span;
    },
  };
}

/**
 * The backlog to admit up to: what the sagas clear in `targetMs` at the measured rate, between `min`
 * and `max`; `max` while there is no rate yet.
 */
export function sizedBacklog(rate: number | null, bounds: { targetMs: number; min: number; max: number }): number {
  if (rate === null) return bounds.max;
  return Math.max(bounds.min, Math.min(bounds.max, Math.ceil((rate * bounds.targetMs) / 1000)));
}
