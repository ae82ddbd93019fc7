import { createHash } from "node:crypto";
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
  /** position in the configuration, part of a per-control-plane draw's identity */
  index: number;
  method: string | undefined;
  path: RegExp | undefined;
  fired: number;
  /** perControlPlane rules: per control plane id, how often it fired and how many requests it matched */
  perControlPlane: Map<string, { fired: number; matched: number }>;
}

/** The request's control plane as the route names it, for rules that name or count per control plane. */
export interface FaultControlPlane {
  id: string;
  name: string | undefined;
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
 * request order, so the same seed and the same sequence of requests give the same faults. A
 * `perControlPlane` rule instead counts `times` per control plane and draws from the seed, the rule
 * and the request's place among that control plane's matching requests, so concurrent clients (whose
 * requests to different control planes interleave differently run after run) meet the same faults.
 */
export class FaultInjector {
  private rules: CompiledRule[] = [];
  private latencyMs = 0;
  private random: () => number = mulberry32(1);
  private seed = 1;
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
    this.seed = config.seed ?? this.defaultSeed;
    this.random = mulberry32(this.seed);
    this.rules = (config.rules ?? []).map((rule, index) => ({
      rule,
      index,
      method: rule.method?.toUpperCase(),
      path: rule.pathRegex !== undefined ? new RegExp(rule.pathRegex) : rule.path !== undefined ? globToRegExp(rule.path) : undefined,
      fired: 0,
      perControlPlane: new Map(),
    }));
  }

  /**
   * @param controlPlane the control plane the request's path names (undefined when none or unknown)
   */
  decide(method: string, path: string, controlPlane: FaultControlPlane | undefined): FaultDecision {
    const decision: FaultDecision = { latencyMs: this.latencyMs, fired: [] };
    for (const compiled of this.rules) {
      const { rule } = compiled;
      if (compiled.method && compiled.method !== "*" && compiled.method !== method) continue;
      if (compiled.path && !compiled.path.test(path)) continue;
      if (rule.controlPlane !== undefined && rule.controlPlane !== controlPlane?.id && rule.controlPlane !== controlPlane?.name) continue;
      const counter = rule.perControlPlane ? this.counterFor(compiled, controlPlane) : compiled;
      if (rule.times !== undefined && counter.fired >= rule.times) continue;
      // a terminal fault already chosen makes later terminal rules moot; don't let them consume draws
      const terminal = rule.fault === "status" || rule.fault === "reset";
      if (terminal && (decision.status || decision.reset)) continue;
      const probability = rule.probability ?? 1;
      const draw = rule.perControlPlane ? this.drawFor(compiled, controlPlane, counter as { matched: number }) : this.random;
      if (probability < 1 && draw() >= probability) continue;
      counter.fired += 1;
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

  private counterFor(compiled: CompiledRule, controlPlane: FaultControlPlane | undefined): { fired: number; matched: number } {
    const key = controlPlane?.id ?? "";
    let counter = compiled.perControlPlane.get(key);
    if (!counter) compiled.perControlPlane.set(key, (counter = { fired: 0, matched: 0 }));
    return counter;
  }

  /** one draw from the seed, the rule and the request's place among its control plane's matching requests */
  private drawFor(compiled: CompiledRule, controlPlane: FaultControlPlane | undefined, counter: { matched: number }): () => number {
    return () => {
      counter.matched += 1;
      const identity = `${this.seed}\u0000${compiled.index}\u0000${controlPlane?.id ?? ""}\u0000${counter.matched}`;
      return mulberry32(parseInt(createHash("sha1").update(identity).digest("hex").slice(0, 8), 16))();
    };
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
