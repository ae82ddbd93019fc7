import { performance } from "node:perf_hooks";
import { mulberry32 } from "./random.js";
import type { FaultConfig, FaultRule } from "./types.js";

export interface FaultDecision {
  latencyMs: number;
  /** answer with this status instead of serving */
  status?: { status: number; retryAfter?: number };
  /** RateLimit-* headers to send (when a rate limit is configured) */
  rateLimitHeaders?: Record<string, string>;
  reset?: boolean;
  slowBody?: { chunkBytes: number; intervalMs: number };
  /** the kinds of fault that fired, for the request log */
  fired: string[];
}

interface CompiledRule {
  rule: FaultRule;
  method: string | undefined;
  path: RegExp | undefined;
  fired: number;
}

/** `*` matches within one path segment, `**` across segments; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === "*" && glob[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (char === "*") source += "[^/]*";
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/**
 * Decides, per request, which configured faults apply. Probabilities draw from one seeded PRNG in
 * request order, so the same seed and the same sequence of requests give the same faults.
 */
export class FaultInjector {
  private rules: CompiledRule[] = [];
  private latencyMs = 0;
  private random: () => number = mulberry32(1);
  private bucket: { perSecond: number; capacity: number; tokens: number; updatedAt: number } | undefined;

  constructor(
    config: FaultConfig | undefined,
    private readonly defaultSeed: number,
    /** milliseconds, for the rate limit's token bucket */
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.configure(config ?? {});
  }

  configure(config: FaultConfig): void {
    this.latencyMs = config.latencyMs ?? 0;
    const limit = config.rateLimit;
    this.bucket = limit
      ? { perSecond: limit.perSecond, capacity: limit.burst ?? limit.perSecond, tokens: limit.burst ?? limit.perSecond, updatedAt: this.clock() }
      : undefined;
    this.random = mulberry32(config.seed ?? this.defaultSeed);
    this.rules = (config.rules ?? []).map((rule) => ({
      rule,
      method: rule.method?.toUpperCase(),
      path: rule.pathRegex !== undefined ? new RegExp(rule.pathRegex) : rule.path !== undefined ? globToRegExp(rule.path) : undefined,
      fired: 0,
    }));
  }

  /**
   * @param controlPlaneMatches whether a rule's `controlPlane` (id or name) is the request's control plane
   */
  decide(method: string, path: string, controlPlaneMatches: (ref: string) => boolean): FaultDecision {
    const decision: FaultDecision = { latencyMs: this.latencyMs, fired: [] };
    for (const compiled of this.rules) {
      const { rule } = compiled;
      if (compiled.method && compiled.method !== "*" && compiled.method !== method) continue;
      if (compiled.path && !compiled.path.test(path)) continue;
      if (rule.controlPlane !== undefined && !controlPlaneMatches(rule.controlPlane)) continue;
      if (rule.times !== undefined && compiled.fired >= rule.times) continue;
      // a terminal fault already chosen makes later terminal rules moot; don't let them consume draws
      const terminal = rule.fault === "status" || rule.fault === "reset";
      if (terminal && (decision.status || decision.reset)) continue;
      const probability = rule.probability ?? 1;
      if (probability < 1 && this.random() >= probability) continue;
      compiled.fired += 1;
      decision.fired.push(rule.fault === "status" ? `status ${rule.status}` : rule.fault);
      switch (rule.fault) {
        case "latency":
          decision.latencyMs += rule.ms;
          break;
        case "status":
          decision.status = { status: rule.status, retryAfter: rule.retryAfter };
          break;
        case "reset":
          decision.reset = true;
          break;
        case "slow-body":
          decision.slowBody = { chunkBytes: rule.chunkBytes ?? 16, intervalMs: rule.intervalMs ?? 20 };
          break;
      }
    }
    if (this.bucket && !decision.status && !decision.reset) this.takeToken(decision);
    return decision;
  }

  /** token bucket: `perSecond` refill, `burst` capacity; an empty bucket answers 429 */
  private takeToken(decision: FaultDecision): void {
    const bucket = this.bucket;
    if (!bucket) return;
    const now = this.clock();
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * bucket.perSecond);
    bucket.updatedAt = now;
    const limit = String(bucket.perSecond);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      decision.rateLimitHeaders = { "ratelimit-limit": limit, "ratelimit-remaining": String(Math.floor(bucket.tokens)), "ratelimit-reset": "1" };
      return;
    }
    const waitSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / bucket.perSecond));
    decision.status = { status: 429, retryAfter: waitSeconds };
    decision.rateLimitHeaders = { "ratelimit-limit": limit, "ratelimit-remaining": "0", "ratelimit-reset": String(waitSeconds) };
    decision.fired.push("rate-limit");
  }
}
