import { setMaxListeners } from "node:events";
import { performance } from "node:perf_hooks";
// undici's index loads all of undici (fetch, WebSocket, caches, mocks: ~750 KB bundled) before the first
// request; its Agent (and the header parser, exchange.ts) is what kplug calls, and starts up several times faster.
import Agent from "undici/lib/dispatcher/agent.js";
import { version } from "../version.js";
import type { Deadline } from "./deadline.js";
import { InterruptedError, KonnectError, REDACTED, redactText } from "./errors.js";
import { httpError } from "./http-error.js";
import { LimiterAbortedError, RateLimiter } from "./limiter.js";
import { exchange, headerValue as header } from "./exchange.js";
import { networkError } from "./network-error.js";
import { backoffDelay, resolveRetry, RETRYABLE_STATUSES, retryAfterMs, sleep, type ResolvedRetry, type RetryOptions } from "./retry.js";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/**
 * Konnect publishes no per-token request rate, so kplug stays polite by default: enough for the
 * default 8 concurrent control planes at Konnect's usual latency, and 429s are honoured on top.
 * Raise it with the config's konnect.rateLimit.
 */
export const DEFAULT_RATE_LIMIT = { perSecond: 50, burst: 10 } as const;

/**
 * The largest response body kplug reads (config konnect.maxResponseBytes). Konnect's largest answers
 * are pages of plugin schemas, well below this; a body past it (an endless stream, a wrong address)
 * is cut off instead of filling memory.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface HttpOptions {
  /** API base ending in /v2 (see resolveConnection) */
  baseUrl: string;
  token: string;
  /** debug lines (method, URL, status, ms, attempt); the token is always [REDACTED] */
  log?: (line: string) => void;
  /** stops retries, backoff and rate-limit waits (SIGINT); a request in flight runs to its end */
  signal?: AbortSignal;
  /** TCP+TLS connect timeout per attempt (default 10 s) */
  connectTimeoutMs?: number;
  /** whole-request timeout per attempt, headers and body included (default 30 s) */
  timeoutMs?: number;
  /** the command's overall time limit (--timeout): no request, retry or wait goes past it */
  deadline?: Deadline;
  /** response bodies larger than this are refused (default DEFAULT_MAX_RESPONSE_BYTES) */
  maxResponseBytes?: number;
  retry?: RetryOptions;
  /** a limiter shared with other clients; else one is made from `rateLimit` */
  limiter?: RateLimiter;
  /** requests per second and burst for this client's own limiter (default DEFAULT_RATE_LIMIT) */
  rateLimit?: { perSecond: number; burst?: number };
  /** sockets kept open to Konnect (default 32) */
  maxConnections?: number;
  /** default `kplug/<version>` */
  userAgent?: string;
  /** called as each request goes out on a connection (see exchange's onSending) */
  onSending?: () => void;
  /** a control plane's name by id, to name it in hints (the client fills this from what it has listed) */
  controlPlaneName?: (id: string) => string | undefined;
}

export interface RequestSpec {
  method: Method;
  /** path below the base, starting with `/` (ids and names already encoded) */
  path: string;
  /** query parameters in order; undefined values are left out */
  query?: ReadonlyArray<readonly [string, string | number | undefined]>;
  body?: unknown;
  /** non-2xx statuses that are answers rather than failures (404 for a lookup) */
  accept?: readonly number[];
}

export interface HttpResult {
  status: number;
  /** parsed JSON body, undefined when empty */
  json: unknown;
  /** `METHOD /v2/path`, for messages */
  endpoint: string;
  requestId?: string;
  /** the body's size, for limits that span several responses (paging) */
  bytes: number;
}

const REQUEST_ID_HEADERS = ["x-kong-request-id", "x-request-id", "kong-request-id", "x-amzn-requestid"];

/** keys keep their brackets (`filter[name][eq]`) as Konnect documents them; values are encoded */
function queryString(query: RequestSpec["query"]): string {
  const parts = (query ?? []).filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}

/** a signal of our own that follows `signal`, so N concurrent waits add no listeners to the caller's */
function relaySignal(signal: AbortSignal | undefined): AbortSignal | undefined {
  if (!signal) return undefined;
  const relay = new AbortController();
  setMaxListeners(0, relay.signal);
  if (signal.aborted) relay.abort();
  else signal.addEventListener("abort", () => relay.abort(), { once: true });
  return relay.signal;
}

/** an exchange that got no complete response, carried from the try block to its catch */
class ExchangeFailed extends Error {
  constructor(
    readonly error: unknown,
    readonly timedOut: boolean,
  ) {
    super("exchange failed");
  }
}

/**
 * One keep-alive connection pool, one rate limiter, and the retry policy: every Konnect request goes
 * through `send`. Idempotent methods (GET, PUT, DELETE) are retried on 429, 502, 503, 504, resets and
 * timeouts; POST only on 429 (not processed) — any other POST failure that may have reached Konnect
 * is thrown with `ambiguous` set so the caller can check whether it landed.
 */
export class HttpClient {
  readonly baseUrl: string;
  readonly retry: ResolvedRetry;
  readonly limiter: RateLimiter;
  readonly maxResponseBytes: number;
  private readonly agent: InstanceType<typeof Agent>;
  private readonly basePath: string;
  private readonly host: string;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  /** the caller's signal, relayed once: every concurrent wait listens here, not on the caller's */
  private readonly signal: AbortSignal | undefined;

  constructor(private readonly options: HttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    const url = new URL(this.baseUrl);
    this.basePath = url.pathname;
    this.host = url.host;
    this.retry = resolveRetry(options.retry);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.limiter = options.limiter ?? new RateLimiter({ perSecond: options.rateLimit?.perSecond ?? DEFAULT_RATE_LIMIT.perSecond, burst: options.rateLimit?.burst ?? DEFAULT_RATE_LIMIT.burst });
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      // slow headers or a body that trickles: each bounded on its own, under the whole-request timeout
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connections: options.maxConnections ?? 32,
      keepAliveTimeout: 10_000,
    });
    this.signal = relaySignal(options.signal);
    this.headers = {
      authorization: `Bearer ${options.token}`,
      "user-agent": options.userAgent ?? `kplug/${version}`,
      accept: "application/json",
    };
  }

  /** text with the token replaced by [REDACTED] */
  redact<T extends string | undefined>(text: T): T {
    return redactText(text, this.options.token);
  }

  private debug(line: string): void {
    this.options.log?.(this.redact(line));
  }

  /** the signal that stops waits (the caller's, relayed, or the deadline); for other waits of the client */
  get abortSignal(): AbortSignal | undefined {
    const deadline = this.options.deadline;
    if (!deadline) return this.signal;
    return this.signal ? AbortSignal.any([this.signal, deadline.signal()]) : deadline.signal();
  }

  /** the error for a wait that `abortSignal` stopped: the deadline's, or an interruption */
  stopped(endpoint: string): KonnectError | InterruptedError {
    const deadline = this.options.deadline;
    return deadline?.passed ? deadline.error(endpoint) : new InterruptedError(endpoint);
  }

  /** releases the pooled connections */
  async close(): Promise<void> {
    await this.agent.close();
  }

  /** releases the pooled connections at once, failing requests in flight */
  async destroy(): Promise<void> {
    await this.agent.destroy();
  }

  endpointOf(method: Method, path: string): string {
    return this.redact(`${method} ${this.basePath}${path}`);
  }

  async send(spec: RequestSpec): Promise<HttpResult> {
    const { method } = spec;
    const endpoint = this.endpointOf(method, spec.path);
    const url = `${this.baseUrl}${spec.path}${queryString(spec.query)}`;
    // for debug lines, which are redacted whole
    const shownUrl = url;
    const idempotent = method !== "POST";
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const headers = body === undefined ? this.headers : { ...this.headers, "content-type": "application/json" };
    const { maxAttempts, maxRetryAfterMs } = this.retry;
    const deadline = this.options.deadline;

    for (let attempt = 1; ; attempt++) {
      if (deadline?.passed) throw deadline.error(endpoint).withAttempts(attempt - 1);
      // After SIGINT the first attempt still goes out: its control plane is in flight and must end
      // in a known state (a GET without its PUT would report nothing useful). Retries do stop.
      // The deadline stops every wait, the first one's too.
      try {
        // the deadline's signal is a timer: made only when the first attempt has to wait
        await this.limiter.acquire(attempt === 1 ? () => deadline?.signal() : this.abortSignal);
      } catch (error) {
        if (error instanceof LimiterAbortedError) throw this.stopped(endpoint);
        throw error;
      }
      this.debug(`→ ${method} ${shownUrl} (attempt ${attempt}/${maxAttempts}) authorization: Bearer ${REDACTED}`);
      const started = performance.now();
      const remaining = deadline?.remaining() ?? Infinity;
      const boundByDeadline = remaining < this.timeoutMs;
      let failure: KonnectError;
      try {
        // what undici's request(url) sends: the URL parsed (dot segments resolved), path and query
        const parsed = new URL(url);
        const exchanged = await exchange(this.agent, {
          origin: parsed.origin,
          path: `${parsed.pathname}${parsed.search}`,
          method,
          headers,
          body,
          timeoutMs: Math.max(1, Math.min(this.timeoutMs, remaining)),
          maxBytes: this.maxResponseBytes,
          tooLarge: (status) => this.tooLarge(endpoint, method, status),
          ...(this.options.onSending ? { onSending: this.options.onSending } : {}),
        });
        if (!exchanged.ok) throw new ExchangeFailed(exchanged.error, exchanged.timedOut);
        const response = exchanged.response;
        const text = this.redact(response.body.toString("utf8"));
        const ms = Math.round(performance.now() - started);
        const status = response.statusCode;
        const requestId = this.redact(REQUEST_ID_HEADERS.map((name) => header(response.headers, name)).find(Boolean));
        this.debug(`← ${status} ${method} ${shownUrl} ${ms} ms (attempt ${attempt}/${maxAttempts})${requestId ? ` request-id ${requestId}` : ""}`);
        if ((status >= 200 && status < 300) || spec.accept?.includes(status)) {
          return { status, json: status >= 200 && status < 300 ? this.parseJson(text, endpoint, requestId) : undefined, endpoint, bytes: response.body.length, ...(requestId ? { requestId } : {}) };
        }
        failure = httpError({
          endpoint,
          status,
          body: text,
          contentType: header(response.headers, "content-type"),
          headerRequestId: requestId,
          retryAfterMs: retryAfterMs(response.headers, status),
          // a write answered 5xx may still have been processed
          ambiguous: method !== "GET" && status >= 500,
          controlPlaneLabel: this.controlPlaneLabel(spec.path),
        });
        const retryable = RETRYABLE_STATUSES.has(status) && (idempotent || status === 429);
        if (!retryable || attempt >= maxAttempts) throw failure.withAttempts(attempt).redact(this.options.token);
      } catch (thrown) {
        const { error, timedOut } = thrown instanceof ExchangeFailed ? thrown : { error: thrown, timedOut: false };
        if (error instanceof KonnectError) throw error;
        const ms = Math.round(performance.now() - started);
        // the write may have reached the server before the deadline cut it off
        if (timedOut && boundByDeadline && deadline) throw deadline.error(endpoint, { ambiguous: method !== "GET" }).withAttempts(attempt).redact(this.options.token);
        failure = networkError(endpoint, this.host, error, timedOut ? this.timeoutMs : undefined);
        this.debug(`✗ ${method} ${shownUrl} ${failure.networkCode ?? failure.failure} after ${ms} ms (attempt ${attempt}/${maxAttempts})`);
        // resets and timeouts may be passing; refused, DNS and TLS errors will not fix themselves
        const retryable = idempotent && failure.ambiguous;
        if (!retryable || attempt >= maxAttempts) throw failure.withAttempts(attempt).redact(this.options.token);
      }
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > maxRetryAfterMs) {
        throw failure.withNote(`Konnect asked to wait ${Math.ceil(failure.retryAfterMs / 1000)} s before retrying; kplug waits at most ${Math.round(maxRetryAfterMs / 1000)} s`, {
          attempts: attempt,
        }).redact(this.options.token);
      }
      const delay = Math.round(backoffDelay(attempt, this.retry, failure.retryAfterMs));
      if (deadline && delay >= deadline.remaining()) {
        throw failure.withAttempts(attempt).withNote(`not retried: the command's time limit (--timeout) would pass first`).redact(this.options.token);
      }
      this.debug(`  retrying ${method} ${shownUrl} in ${delay} ms (${failure.status ?? failure.networkCode ?? failure.failure})`);
      if (!(await sleep(delay, this.abortSignal))) throw this.stopped(endpoint);
    }
  }

  /** the error for a body past maxResponseBytes (announced or counted): kplug stops reading it */
  private tooLarge(endpoint: string, method: Method, status: number): KonnectError {
    return new KonnectError(`${endpoint}: the response is larger than ${formatBytes(this.maxResponseBytes)} (status ${status}); kplug stopped reading it`, {
      endpoint,
      failure: "shape",
      status,
      // a write's answer was lost this way, but the write itself may have been applied
      ambiguous: method !== "GET",
      hint: "a proxy or a wrong address may be answering; if Konnect really sends this much, raise konnect.maxResponseBytes in the config",
    });
  }

  private controlPlaneLabel(path: string): string | undefined {
    const id = /^\/control-planes\/([^/]+)/.exec(path)?.[1];
    if (id === undefined) return undefined;
    const name = this.options.controlPlaneName?.(decodeURIComponent(id));
    return this.redact(name ? `${name} (${id})` : id);
  }

  private parseJson(text: string, endpoint: string, requestId: string | undefined): unknown {
    if (text.trim() === "") return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new KonnectError(`${endpoint}: unexpected response shape: the body is not JSON`, {
        endpoint,
        failure: "shape",
        requestId,
        hint: "is the Konnect address right? A proxy may be answering instead of Konnect",
      });
    }
  }
}
