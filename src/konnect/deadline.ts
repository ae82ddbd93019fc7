import { KonnectError } from "./errors.js";

/** how long one Konnect command may take in all, unless --timeout says otherwise */
export const DEFAULT_COMMAND_TIMEOUT_MS = 5 * 60_000;

/** `90000` → `1m30s`, for messages */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s || (!h && !m) ? `${s}s` : ""}`;
}

/**
 * The overall bound of one command (`--timeout`): every request, retry, backoff and rate-limit wait
 * ends by it, so no server (slow headers, `Retry-After`, endless paging) can hold kplug longer.
 * Time spent waiting for the user (a confirmation prompt) does not count.
 */
export class Deadline {
  private at: number;

  constructor(
    readonly ms: number,
    private readonly now: () => number = Date.now,
  ) {
    this.at = now() + ms;
  }

  remaining(): number {
    return Math.max(0, this.at - this.now());
  }

  get passed(): boolean {
    return this.remaining() <= 0;
  }

  /** a signal that aborts when the deadline passes, for one wait */
  signal(): AbortSignal {
    return AbortSignal.timeout(Math.max(1, this.remaining()));
  }

  /** runs `work` (waiting for the user) with the clock stopped */
  async excluding<T>(work: () => Promise<T>): Promise<T> {
    const started = this.now();
    try {
      return await work();
    } finally {
      this.at += this.now() - started;
    }
  }

  /** the error of a request the deadline stopped (or did not let start) */
  error(endpoint: string, options: { ambiguous?: boolean } = {}): KonnectError {
    return new KonnectError(`${endpoint}: gave up: the command's time limit (--timeout ${formatDuration(this.ms)}) has passed`, {
      endpoint,
      failure: "timeout",
      networkCode: "deadline",
      ambiguous: options.ambiguous ?? false,
      hint: "Konnect or the network is slow, or the server never finishes; retry, or raise --timeout",
    });
  }
}
