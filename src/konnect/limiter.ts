import { performance } from "node:perf_hooks";

export interface RateLimiterOptions {
  /** sustained requests per second (Infinity: no limit) */
  perSecond: number;
  /** requests that may start at once after a quiet spell (default: max(1, perSecond / 4), at most 10) */
  burst?: number;
  /** milliseconds; injectable for tests */
  clock?: () => number;
}

/** the burst when nothing says otherwise */
export const DEFAULT_BURST = 10;

/**
 * The burst for `concurrency` workers: each may start its first request at once, so a fleet run
 * does not begin by queueing behind a burst of 10 — but never more than one second's worth of the
 * rate (Konnect publishes no per-token rate; the rate is kplug's polite default or the user's quota).
 */
export function burstFor(concurrency: number, perSecond: number): number {
  return Math.max(DEFAULT_BURST, Math.min(concurrency, Math.floor(perSecond)));
}

/** thrown (as the abort reason, or this) when the signal stops a wait */
export class LimiterAbortedError extends Error {
  constructor() {
    super("rate limiter wait aborted");
    this.name = "LimiterAbortedError";
  }
}

/**
 * A token bucket shared by every request of a client (or of several clients), so N concurrent
 * control-plane workers together never exceed the rate. Each acquire reserves the next token, which
 * may lie in the future: callers wait in arrival order, without polling. In any window of W seconds,
 * at most `burst + perSecond * W` requests start.
 */
export class RateLimiter {
  readonly perSecond: number;
  readonly burst: number;
  private tokens: number;
  private updatedAt: number;
  private readonly clock: () => number;

  constructor(options: RateLimiterOptions) {
    if (!(options.perSecond > 0)) throw new RangeError("rate limit must be a positive number of requests per second");
    this.perSecond = options.perSecond;
    this.burst = Math.max(1, Math.floor(options.burst ?? Math.min(10, Math.max(1, options.perSecond / 4))));
    this.clock = options.clock ?? (() => performance.now());
    this.tokens = this.burst;
    this.updatedAt = this.clock();
  }

  /** ms to wait for a token taken now (0 when one is available); the token is then the caller's */
  reserve(): number {
    if (this.perSecond === Number.POSITIVE_INFINITY) return 0;
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
    this.tokens -= 1;
    // negative tokens are reservations queued ahead of this one
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.perSecond;
  }

  /** gives back a reserved token that will not be used (its wait was aborted) */
  private release(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /**
   * Resolves when the caller may send a request; rejects with LimiterAbortedError when `signal`
   * aborts. A function is asked for the signal only when there is a wait (most acquires have none,
   * and a deadline's signal is a timer of its own).
   */
  async acquire(stop?: AbortSignal | (() => AbortSignal | undefined)): Promise<void> {
    if (typeof stop !== "function" && stop?.aborted) throw new LimiterAbortedError();
    const wait = this.reserve();
    if (wait <= 0) return;
    const signal = typeof stop === "function" ? stop() : stop;
    if (signal?.aborted) {
      this.release();
      throw new LimiterAbortedError();
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.ceil(wait));
      const onAbort = (): void => {
        clearTimeout(timer);
        this.release();
        reject(new LimiterAbortedError());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
