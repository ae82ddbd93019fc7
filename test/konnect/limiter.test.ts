import { describe, expect, it } from "vitest";
import { InterruptedError } from "../../src/konnect/errors.js";
import { burstFor, LimiterAbortedError, RateLimiter } from "../../src/konnect/limiter.js";
import { cleanUpAfterEach, client, emulator } from "./helpers.js";

cleanUpAfterEach();

/**
 * The earliest each request may arrive when `startedAt` (wall clock) is when all reserved their
 * tokens: the k-th (from 0) waits max(0, k + 1 - burst) / rate seconds. A loaded machine only makes
 * timers fire later, never earlier, so this bound holds however busy the machine is (1 ms of slack
 * for Date.now's rounding).
 */
function arrivalsBeforeTheirToken(arrivals: number[], startedAt: number, burst: number, perSecond: number): number[] {
  return [...arrivals]
    .sort((a, b) => a - b)
    .filter((at, k) => at < startedAt + (Math.max(0, k + 1 - burst) / perSecond) * 1000 - 1);
}

describe("token bucket", () => {
  it("burstFor: a burst of --concurrency requests, at least 10, at most one second of the rate", () => {
    expect(burstFor(8, 50)).toBe(10);
    expect(burstFor(32, 50)).toBe(32);
    expect(burstFor(64, 50)).toBe(50);
    expect(burstFor(128, 1000)).toBe(128);
    expect(burstFor(64, 2.5)).toBe(10);
  });

  it("lets a burst through, then spaces reservations at the rate (fake clock)", () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 10, burst: 3, clock: () => now });
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 0, 0]);
    // the 4th, 5th, 6th wait 100, 200, 300 ms: queued behind each other
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()].map(Math.round)).toEqual([100, 200, 300]);
    now = 1000;
    // after a second the 3 reservations are paid back and the bucket holds at most `burst` again
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve(), limiter.reserve()].map(Math.round)).toEqual([0, 0, 0, 100]);
  });

  it("rejects nonsense rates and stops a wait on abort", async () => {
    expect(() => new RateLimiter({ perSecond: 0 })).toThrow(RangeError);
    const limiter = new RateLimiter({ perSecond: 0.001, burst: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(LimiterAbortedError);
  });

  it("asks for the signal only when a request has to wait, and a wait stopped that way gives its token back", async () => {
    const limiter = new RateLimiter({ perSecond: 10, burst: 2, clock: () => 0 });
    let asked = 0;
    const stopped = AbortSignal.abort();
    const signal = (): AbortSignal => {
      asked++;
      return stopped;
    };
    await limiter.acquire(signal);
    await limiter.acquire(signal);
    expect(asked).toBe(0);
    await expect(limiter.acquire(signal)).rejects.toBeInstanceOf(LimiterAbortedError);
    expect(asked).toBe(1);
    // the aborted wait's token was given back: the next one waits one token's time, not two
    expect(Math.round(limiter.reserve())).toBe(100);
  });
});

describe("shared rate limit over HTTP", () => {
  it("holds 50 concurrent callers to the configured rate", async () => {
    const t = await emulator();
    const perSecond = 25;
    const burst = 3;
    const api = client(t.emulator.url, { rateLimit: { perSecond, burst } });
    const started = performance.now();
    const startedAt = Date.now();
    await Promise.all(Array.from({ length: 50 }, () => api.getControlPlane("bf28a9f1-2e56-55e7-abd3-aaa394093cd2")));
    const arrivals = t.emulator.requestLog.map((entry) => entry.receivedAt);
    expect(arrivals).toHaveLength(50);
    // no request arrives before its token: without the limiter all 50 arrive within a few ms
    expect(arrivalsBeforeTheirToken(arrivals, startedAt, burst, perSecond)).toEqual([]);
    // and the run cannot be faster than the rate allows: (50 - burst) / 25 rps = 1.88 s
    expect(performance.now() - started).toBeGreaterThanOrEqual(1800);
  });

  it("one limiter shared by two clients bounds them together", async () => {
    const t = await emulator();
    const first = client(t.emulator.url, { rateLimit: { perSecond: 40, burst: 2 } });
    const startedAt = Date.now();
    const second = client(t.emulator.url, { limiter: first.limiter });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).listControlPlanes({ name: "prod-us" })));
    const arrivals = t.emulator.requestLog.map((entry) => entry.receivedAt);
    expect(arrivals).toHaveLength(20);
    // the k-th arrival, whichever client sent it, comes no sooner than its token of the one shared
    // bucket (18 tokens beyond the burst at 40 rps: the last one 450 ms after the start). The spread
    // between first and last arrival is no bound: on a loaded machine the first ones arrive late.
    expect(arrivalsBeforeTheirToken(arrivals, startedAt, 2, 40)).toEqual([]);
  });

  it("SIGINT (the signal) ends a retry's wait for the limiter with InterruptedError", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 503, times: 1 }] } });
    const controller = new AbortController();
    // one token, then one per 100 s: the retry after the 503 waits on the limiter until the abort
    const api = client(t.emulator.url, { rateLimit: { perSecond: 0.01, burst: 1 }, signal: controller.signal });
    const waiting = api.listControlPlanes();
    setTimeout(() => controller.abort(), 50);
    await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
    expect(t.emulator.requestLog.map((entry) => entry.status)).toEqual([503]);
  });

  it("after SIGINT a call's first attempt still goes out, but failures are not retried", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 503, times: 1 }] } });
    const controller = new AbortController();
    controller.abort();
    const api = client(t.emulator.url, { signal: controller.signal });
    // in-flight work must end in a known state: its next request is sent once
    await expect(api.listControlPlanes()).rejects.toBeInstanceOf(InterruptedError);
    expect((await api.listControlPlanes()).length).toBeGreaterThan(0);
    expect(t.emulator.requestLog.map((entry) => entry.status)).toEqual([503, 200]);
  });

  it("many concurrent waits add no listeners to the caller's signal (no MaxListeners warning on SIGINT's)", async () => {
    const t = await emulator();
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const api = client(t.emulator.url, { rateLimit: { perSecond: 200, burst: 1 }, signal: controller.signal });
      await Promise.all(Array.from({ length: 30 }, () => api.listControlPlanes({ name: "prod-us" })));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });
});
