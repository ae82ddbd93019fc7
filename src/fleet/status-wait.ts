import { sleep } from "../konnect/retry.js";
import { allReady, collectStatus, type StatusOptions, type StatusReport } from "./status.js";
import type { FleetApi, FleetTarget, LocalPlugin } from "./types.js";

export interface WaitOptions extends StatusOptions {
  /** give up after this many milliseconds */
  timeoutMs: number;
  /** between two readings */
  intervalMs: number;
  /** monotonic clock in ms (default performance.now) */
  clock?: () => number;
  /** after each reading that is not all ready: the report and the time left */
  onRound?: (report: StatusReport, remainingMs: number) => void;
  /** runs each pause between readings (the command's --timeout stops its clock for them) */
  pause?: (wait: () => Promise<boolean>) => Promise<boolean>;
}

export interface WaitResult {
  report: StatusReport;
  timedOut: boolean;
  /** readings taken */
  rounds: number;
  waitedMs: number;
}

/**
 * Reads the status until every row is ready or the time is up. After the first reading only the
 * control planes with a row not ready are read again (a deploy waits on the slow ones); the plugin
 * set stays the first reading's.
 */
export async function waitForReady(api: FleetApi, targets: FleetTarget[], local: LocalPlugin[], options: WaitOptions): Promise<WaitResult> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  let report = await collectStatus(api, targets, local, options);
  let rounds = 1;
  const pluginNames = report.plugins;
  for (;;) {
    const elapsed = clock() - started;
    const waitedMs = Math.round(elapsed);
    if (allReady(report) || report.interrupted) return { report, timedOut: false, rounds, waitedMs };
    const remaining = options.timeoutMs - elapsed;
    if (remaining <= 0) return { report, timedOut: true, rounds, waitedMs };
    options.onRound?.(report, remaining);
    const nap = (): Promise<boolean> => sleep(Math.min(options.intervalMs, remaining), options.signal);
    if (!(await (options.pause ? options.pause(nap) : nap()))) {
      return { report: { ...report, interrupted: true }, timedOut: false, rounds, waitedMs: Math.round(clock() - started) };
    }
    const pending = targets.filter((t) => report.rows.some((row) => row.controlPlane.id === t.controlPlane.id && row.verdict !== "ready"));
    const again = await collectStatus(api, pending, local, { ...options, pluginNames });
    rounds += 1;
    const fresh = new Set(pending.map((t) => t.controlPlane.id));
    const previous = report;
    report = {
      ...again,
      rows: targets.flatMap((t) => (fresh.has(t.controlPlane.id) ? again.rows : previous.rows).filter((row) => row.controlPlane.id === t.controlPlane.id)),
    };
  }
}
