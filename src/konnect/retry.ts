export interface RetryOptions {
  /** attempts in all, first included (default 4) */
  maxAttempts?: number;
  /** first backoff ceiling in ms; doubles per attempt (default 250) */
  baseDelayMs?: number;
  /** ceiling of any backoff in ms (default 8000) */
  maxDelayMs?: number;
  /** the longest Retry-After kplug honours; asking for more gives up at once (default 30000) */
  maxRetryAfterMs?: number;
  /** [0, 1); injectable for tests */
  random?: () => number;
}

export type ResolvedRetry = Required<RetryOptions>;

export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  return {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 4)),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 250),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 8000),
    maxRetryAfterMs: Math.max(0, options.maxRetryAfterMs ?? 30_000),
    random: options.random ?? Math.random,
  };
}

/** statuses worth another try: rate limited, or a gateway/Konnect hiccup */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Delay before retry number `retry` (1 for the first retry): "full jitter", a uniform draw in
 * [0, min(max, base·2^(retry-1))], but never before the server's Retry-After.
 */
export function backoffDelay(retry: number, policy: ResolvedRetry, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = policy.random() * ceiling;
  if (retryAfterMs === undefined) return jittered;
  // spread the callers the server sent back at once over a little time after the point it named
  return retryAfterMs + policy.random() * Math.min(policy.baseDelayMs, 1000);
}

/**
 * `Retry-After` (delta-seconds or an HTTP date) or else, for a 429, `RateLimit-Reset` (delta-seconds),
 * in ms; undefined when neither is present or readable. (RateLimit-Reset rides on every response of a
 * rate-limited API; only a 429 means "wait for it".)
 */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>, status: number, now: number = Date.now()): number | undefined {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const retryAfter = header("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = status === 429 ? header("ratelimit-reset")?.trim() : undefined;
  if (reset && /^\d+(\.\d+)?$/.test(reset)) return Math.round(Number(reset) * 1000);
  return undefined;
}

/** waits `ms`; resolves false at once if `signal` aborts (the caller then stops) */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
