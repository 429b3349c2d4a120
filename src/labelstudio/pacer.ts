import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Paces every request to Label Studio across all workers: at most `concurrency` in flight (held
 * by p-limit),
 * at least an interval (never below `delayMs`) between the starts of any two, and no start at
 * all while a 429 pause holds. The interval adapts: a 429 doubles it (at least twice the gap
 * the server just refused), each other answer shrinks it by a small step back towards
 * `delayMs`, so the run settles just under the server's real limit (AIMD, as in TCP).
 */
export interface PacerOptions {
  concurrency: number;
  delayMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Slowest pace the adaptation may reach on its own; `delayMs` may ask for slower still. */
export const MAX_LEARNED_INTERVAL_MS = 10_000;
/** First learned interval when the refused gap was too small to measure. */
export const MIN_LEARNED_INTERVAL_MS = 10;
/**
 * Successful answers needed to come back from a slow-down to `delayMs`. Slow on purpose: a
 * token bucket refills during the pause a 429 asks for, so a quick recovery drains it again
 * within seconds and the run meets a 429 every refill (32 steps: 8% of requests refused at
 * 15 req/s with a burst of 15; 128 steps: under 2%, at the same throughput; see bench/RESULTS.md).
 */
export const RECOVERY_STEPS = 128;
const RECENT_STARTS = 16;

export class Pacer {
  readonly concurrency: number;
  readonly delayMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #waiting: Array<(startedAt: number) => void> = [];
  readonly #recentStarts: number[] = [];
  /** The in-flight bound. What no library here does stays below: the gap, the shared 429 pause, the adaptive rate. */
  readonly #limit: LimitFunction;
  #lastStart = Number.NEGATIVE_INFINITY;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  #interval: number;
  #recoveryStep = 0;
  #lastSlowdownAt = Number.NEGATIVE_INFINITY;
  #wakeScheduled = false;

  constructor(options: PacerOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`concurrency must be a whole number of at least 1, got ${options.concurrency}`);
    }
    if (!Number.isFinite(options.delayMs) || options.delayMs < 0) {
      throw new RangeError(`delayMs must be a number of at least 0, got ${options.delayMs}`);
    }
    this.concurrency = options.concurrency;
    this.delayMs = options.delayMs;
    this.#interval = options.delayMs;
    this.#limit = pLimit(options.concurrency);
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The least time between two starts right now (`delayMs` or more after 429s). */
  get intervalMs(): number {
    return this.#interval;
  }

  /** Tasks holding a slot: started, or next in line for the gap. */
  get inFlight(): number {
    return this.#limit.activeCount;
  }

  /** Earliest time (on this pacer's clock) a 429 pause lets anything start. */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /**
   * Runs `task` once a slot is free and the pace allows; it gets the time it started. The slot
   * is held only while the task runs, so a task must be one request, not a retry loop.
   */
  run<T>(task: (startedAt: number) => Promise<T>): Promise<T> {
    return this.#limit(async () => {
      const startedAt = await new Promise<number>((resolve) => {
        this.#waiting.push(resolve);
        this.#pump();
      });
      return task(startedAt);
    });
  }

  /** Holds every start, in every worker, for `ms` from now. Pauses never shorten each other. */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + Math.max(0, ms));
  }

  /**
   * A request that started at `startedAt` was answered 429. Only the first refusal of a burst
   * slows the pace: requests that started before that slow-down were sent at the old pace and
   * say nothing new.
   */
  throttled(startedAt: number): void {
    if (startedAt < this.#lastSlowdownAt) return;
    const learned = Math.max(this.#interval * 2, this.#recentGap() * 2, MIN_LEARNED_INTERVAL_MS);
    this.#interval = Math.max(this.delayMs, Math.min(MAX_LEARNED_INTERVAL_MS, learned));
    this.#recoveryStep = (this.#interval - this.delayMs) / RECOVERY_STEPS;
    this.#lastSlowdownAt = this.#now();
  }

  /** A request was answered without a 429: speed up by one step, never past `delayMs`. */
  succeeded(): void {
    if (this.#interval > this.delayMs) {
      this.#interval = Math.max(this.delayMs, this.#interval - this.#recoveryStep);
    }
  }

  #recentGap(): number {
    const starts = this.#recentStarts;
    if (starts.length < 2) return 0;
    return (starts[starts.length - 1]! - starts[0]!) / (starts.length - 1);
  }

  #pump(): void {
    // Everyone waiting here already holds one of the `concurrency` slots.
    while (this.#waiting.length > 0) {
      const now = this.#now();
      // Compared as elapsed time, exactly as a gap is measured (lastStart + interval can round down).
      const wait = Math.max(this.#interval - (now - this.#lastStart), this.#pausedUntil - now);
      if (wait > 0) {
        this.#wakeAfter(wait);
        return;
      }
      const start = this.#waiting.shift()!;
      this.#lastStart = now;
      this.#recentStarts.push(now);
      if (this.#recentStarts.length > RECENT_STARTS) this.#recentStarts.shift();
      start(now);
    }
  }

  // One timer at a time: whoever wakes re-reads the pause and the interval, which may have moved.
  #wakeAfter(ms: number): void {
    if (this.#wakeScheduled) return;
    this.#wakeScheduled = true;
    void this.#sleep(Math.ceil(ms)).then(() => {
      this.#wakeScheduled = false;
      this.#pump();
    });
  }
}
