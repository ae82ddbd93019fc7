import { ExitCode, KplugError } from "../errors.js";
import { REDACTED, redactSecret } from "./redact.js";

/** Why a Konnect call failed: an HTTP error status, no usable response, a body kplug cannot read. */
export type KonnectFailure = "http" | "network" | "timeout" | "shape";

export interface KonnectErrorOptions {
  /** `METHOD /v2/path` (no query string, never the token) */
  endpoint: string;
  failure: KonnectFailure;
  status?: number;
  requestId?: string;
  hint?: string;
  /** attempts made before giving up (set when more than one was made) */
  attempts?: number;
  /**
   * for writes: the request may have reached Konnect (reset, timeout, 5xx), so whether it took
   * effect is unknown; a create is checked with a GET before it is tried again
   */
  ambiguous?: boolean;
  /** the server's Retry-After / RateLimit-Reset, in ms, when it sent one */
  retryAfterMs?: number;
  /** a network error's code (ECONNRESET, UND_ERR_SOCKET, ENOTFOUND, …) */
  networkCode?: string;
}

/**
 * Any failed Konnect call. Exit code 1: an API failure is a failure, not a usage error. The message is
 * one line; it and the hint never contain the token (client.ts scrubs every string it builds).
 */
export class KonnectError extends KplugError {
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly endpoint: string;
  readonly failure: KonnectFailure;
  readonly attempts: number | undefined;
  readonly ambiguous: boolean;
  readonly retryAfterMs: number | undefined;
  readonly networkCode: string | undefined;

  constructor(message: string, options: KonnectErrorOptions) {
    super(message, { code: "konnect", hint: options.hint, exitCode: ExitCode.failure });
    this.status = options.status;
    this.requestId = options.requestId;
    this.endpoint = options.endpoint;
    this.failure = options.failure;
    this.attempts = options.attempts;
    this.ambiguous = options.ambiguous ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.networkCode = options.networkCode;
  }

  private copy(message: string, changes: Partial<KonnectErrorOptions> = {}): KonnectError {
    return new KonnectError(message, {
      endpoint: this.endpoint,
      failure: this.failure,
      status: this.status,
      requestId: this.requestId,
      hint: this.hint,
      attempts: this.attempts,
      ambiguous: this.ambiguous,
      retryAfterMs: this.retryAfterMs,
      networkCode: this.networkCode,
      ...changes,
    });
  }

  /** the same error, saying how many attempts were made and what the last one got */
  withAttempts(attempts: number): KonnectError {
    if (attempts <= 1) return this;
    const last = this.status !== undefined ? `last status ${this.status}` : `last error ${this.networkCode ?? this.failure}`;
    return this.copy(`${this.message} (gave up after ${attempts} attempts; ${last})`, { attempts });
  }

  /** the same error with a note appended to its message */
  withNote(note: string, changes: Partial<KonnectErrorOptions> = {}): KonnectError {
    return this.copy(`${this.message} (${note})`, changes);
  }

  /** the same error with every occurrence of `secret` replaced (a server may echo what it was sent) */
  redact(secret: string): KonnectError {
    const scrub = (text: string | undefined): string | undefined => redactText(text, secret);
    const fields = [this.message, this.hint, this.endpoint, this.requestId];
    if (fields.every((field) => scrub(field) === field)) return this;
    return new KonnectError(scrub(this.message) ?? "", {
      endpoint: scrub(this.endpoint) ?? "",
      failure: this.failure,
      status: this.status,
      requestId: scrub(this.requestId),
      hint: scrub(this.hint),
      attempts: this.attempts,
      ambiguous: this.ambiguous,
      retryAfterMs: this.retryAfterMs,
      networkCode: this.networkCode,
    });
  }

  override toJSON(): { code: string; message: string; hint?: string; status?: number; requestId?: string } {
    return {
      ...super.toJSON(),
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.requestId ? { requestId: this.requestId } : {}),
    };
  }
}

export { REDACTED };

/** `text` with every echo of `secret` (exact, escaped, case-changed, truncated) replaced by [REDACTED] */
export function redactText<T extends string | undefined>(text: T, secret: string): T {
  return redactSecret(text, secret);
}

/** SIGINT (the client's AbortSignal) stopped a retry or a wait; nothing was left half-done by kplug. */
export class InterruptedError extends KplugError {
  constructor(endpoint: string) {
    super(`${endpoint}: interrupted`, { code: "interrupted", exitCode: ExitCode.interrupted });
  }
}
