import { asPlatform, type Db } from "@bazaar/db";
import { metrics } from "@bazaar/observability";
import { apiEnv } from "../env";
import { DomainError } from "../errors";
import { createDrainRate, sizedBacklog } from "./admission-rate";

// Checkout admission (docs/decisions/0032): a placed checkout is only worth taking when the saga can get
// to it soon. When more checkouts wait for their saga's first step (RUNNING at RESERVE) than
// `maxBacklog`, a new one waits at the door, without holding a connection or doing any work, until the
// backlog is below it again (first come, first admitted); after `maxWaitMs` it is refused with SERVICE_UNAVAILABLE (reason
// `checkout-busy`) and nothing is written. Accepting checkouts faster than the sagas finish them only
// lengthens the queue every shopper waits in, and the sagas then compete with the placements for the
// same CPU and stock rows. Each API process counts for itself (one count query per `refreshMs` at most,
// only while checkouts arrive), so N processes may together overshoot by what each admitted in that time.
// With `targetMs` the backlog allowed follows the sagas' pace (decision 0033): what they clear in
// `targetMs` at the rate this process measured (admission-rate.ts), between `minBacklog` and
// `maxBacklog`, so the wait in front of RESERVE stays about `targetMs` on a fast machine and a slow one.

const backlogGauge = metrics.gauge({ name: "bazaar_checkout_saga_backlog", help: "Checkouts whose saga has not reserved yet, as the API last read it" });
const waitSeconds = metrics.histogram({
  name: "bazaar_checkout_admission_wait_seconds",
  help: "How long a checkout waited for admission",
  buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});
const limitGauge = metrics.gauge({ name: "bazaar_checkout_admission_limit", help: "The backlog checkout admission currently admits up to (sized by the sagas' measured pace)" });
const refused = metrics.counter({ name: "bazaar_checkout_admission_refused_total", help: "Checkouts refused because the saga backlog stayed full" });

export class CheckoutBusyError extends DomainError {
  constructor(backlog: number, retryAfterSeconds: number) {
    super("SERVICE_UNAVAILABLE", "checkout is busy; try again shortly", { reason: "checkout-busy", backlog, retryAfterSeconds });
    this.name = "CheckoutBusyError";
  }
}

export interface CheckoutAdmissionOptions {
  /** Checkouts allowed to wait for their saga's first step (at most, with `targetMs`); 0 admits every checkout at once. */
  maxBacklog: number;
  /**
   * The wait in front of the saga's first step to size the backlog for: the backlog allowed is what the
   * sagas clear in this time at their measured pace, at least `minBacklog` and at most `maxBacklog`.
   * Unset or 0: always `maxBacklog`.
   */
  targetMs?: number;
  /** The least backlog allowed however slow the sagas seem (default 4, never above `maxBacklog`). */
  minBacklog?: number;
  /** How far back the sagas' pace is measured (default 2000 ms). */
  rateWindowMs?: number;
  /** How long a checkout may wait for admission before it is refused. */
  maxWaitMs: number;
  /** How old the backlog count may be; also the interval a waiting checkout looks again. */
  refreshMs?: number;
}

export interface CheckoutAdmission {
  /**
   * Resolves when the checkout may be placed, with the function to call once its placement has ended
   * (committed or not); throws CheckoutBusyError when it waited too long.
   */
  admit(): Promise<() => void>;
  /**
   * Checkouts waiting at the door, the backlog as last counted (0 before the first count) and the
   * backlog admitted up to (`maxBacklog` until the sagas' pace is measured).
   */
  state(): { waiting: number; backlog: number; limit: number };
}

export function createCheckoutAdmission(db: Db, options: CheckoutAdmissionOptions): CheckoutAdmission {
  const refreshMs = options.refreshMs ?? 50;
  const targetMs = options.targetMs ?? 0;
  const bounds = { targetMs, min: Math.min(options.minBacklog ?? 4, options.maxBacklog), max: options.maxBacklog };
  const windowMs = options.rateWindowMs ?? 2_000;
  const rate = createDrainRate({ windowMs, minSpanMs: Math.min(500, windowMs / 2) });
  let counted = { at: -Infinity, backlog: 0, limit: options.maxBacklog };
  // Placements this process admitted and ended (committed or not): with the counts, what left the backlog.
  let ended = 0;
  // Placements admitted here and not ended yet: the count cannot hold them (they have not committed).
  let inFlight = 0;
  // Admitted and possibly not in the count: those in flight when it was read, and those admitted since.
  // So a freed place goes to one waiting checkout, not to all of them, and a placement that committed
  // while the count was read is at worst counted twice (admits fewer, never more).
  let uncounted = 0;
  let reading: Promise<void> | null = null;

  const read = () => {
    if (reading) return reading;
    const carried = inFlight;
    const sampled = { at: performance.now(), ended };
    reading = asPlatform(db, (tx) => tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM checkout_sagas WHERE state = 'RUNNING' AND step = 'RESERVE'`)
      .then(([row]) => {
        const now = performance.now();
        let limit = options.maxBacklog;
        if (targetMs > 0) {
          rate.sample(sampled.at, row!.n, sampled.ended);
          limit = sizedBacklog(rate.perSecond(now), bounds);
        }
        counted = { at: now, backlog: row!.n, limit };
        uncounted = carried;
        backlogGauge.set(row!.n);
        limitGauge.set(limit);
      })
      .finally(() => (reading = null));
    return reading;
  };
  const admitted = () => {
    inFlight++;
    uncounted++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inFlight--;
      ended++;
    };
  };

  // Waiting checkouts in arrival order: a freed place goes to the one that has waited longest.
  const waiting: { admit: (release: () => void) => void; fail: (error: unknown) => void; timer: NodeJS.Timeout }[] = [];
  let pumping = false;
  const room = () => counted.backlog + uncounted < counted.limit;
  const stale = () => performance.now() - counted.at >= refreshMs;

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (waiting.length > 0) {
        if (stale()) await read();
        while (waiting.length > 0 && room()) {
          const next = waiting.shift()!;
          clearTimeout(next.timer);
          next.admit(admitted());
        }
        if (waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, refreshMs));
      }
    } finally {
      pumping = false;
    }
  }

  return {
    state: () => ({ waiting: waiting.length, backlog: counted.backlog, limit: counted.limit }),
    async admit() {
      if (options.maxBacklog <= 0) return () => {};
      const start = performance.now();
      if (waiting.length === 0) {
        if (stale()) await read();
        // Nobody queued ahead of it (meanwhile either): straight in.
        if (waiting.length === 0 && room()) {
          waitSeconds.observe((performance.now() - start) / 1000);
          return admitted();
        }
      }
      return new Promise<() => void>((resolve, reject) => {
        const entry = {
          admit: (release: () => void) => {
            waitSeconds.observe((performance.now() - start) / 1000);
            resolve(release);
          },
          fail: reject,
          timer: setTimeout(() => {
            waiting.splice(waiting.indexOf(entry), 1);
            refused.inc();
            reject(new CheckoutBusyError(counted.backlog, Math.max(1, Math.ceil(options.maxWaitMs / 1000))));
          }, options.maxWaitMs),
        };
        waiting.push(entry);
        void pump().catch((error: unknown) => {
          // The count could not be read: every waiting checkout fails with it (a 500, as the placement would).
          for (const w of waiting.splice(0)) {
            clearTimeout(w.timer);
            w.fail(error);
          }
        });
      });
    },
  };
}

const perDb = new WeakMap<Db, CheckoutAdmission>();

/** The API process's admission for `db`, configured by the CHECKOUT_ADMISSION_* variables (env.ts). */
export function checkoutAdmissionFor(db: Db): CheckoutAdmission {
  let admission = perDb.get(db);
  if (!admission) {
    const env = apiEnv();
    admission = createCheckoutAdmission(db, {
      maxBacklog: env.CHECKOUT_ADMISSION_BACKLOG,
      maxWaitMs: env.CHECKOUT_ADMISSION_WAIT_MS,
      targetMs: env.CHECKOUT_ADMISSION_TARGET_MS,
      minBacklog: env.CHECKOUT_ADMISSION_MIN_BACKLOG,
    });
    perDb.set(db, admission);
  }
  return admission;
}
