import type { CliIO } from "../cli/io.js";
import { sanitizeForDisplay } from "./terminal.js";

/**
 * Progress of a multi-control-plane run on stderr. Off a TTY (or with CI set): one plain line per
 * control plane as it finishes, nothing else. On a TTY: the same lines, plus one ora spinner kept at
 * the bottom (counts, and which control planes are in flight). One spinner, not one per control
 * plane: ora redraws a single line, and concurrent spinners on one terminal corrupt each other.
 */
export interface FleetProgress {
  start(name: string): void;
  /** prints the finished line (already formatted, ending with \n) */
  done(name: string, line: string): void;
  /** a notice such as "interrupted: waiting for 3 requests in flight" */
  note(text: string): void;
  stop(): void;
}

export function isInteractive(io: CliIO): boolean {
  const ci = io.env.CI;
  return io.stderrIsTTY && (ci === undefined || ci === "" || ci === "0" || ci === "false") && io.env.TERM !== "dumb";
}

export async function createFleetProgress(io: CliIO, options: { total: number; verb: string; quiet?: boolean }): Promise<FleetProgress> {
  if (options.quiet) return { start() {}, done() {}, note() {}, stop() {} };
  const stream = io.stderrStream;
  if (!isInteractive(io) || !stream) {
    return {
      start() {},
      done: (_name, line) => io.stderr(line),
      note: (text) => io.stderr(`${text}\n`),
      stop() {},
    };
  }
  // loaded only on a terminal: CI runs never pay for it
  const { default: ora } = await import("ora");
  const inFlight = new Set<string>();
  let finished = 0;
  let notice = "";
  const status = (): string => {
    const names = [...inFlight].slice(0, 4).map(sanitizeForDisplay).join(", ");
    const more = inFlight.size > 4 ? ` +${inFlight.size - 4}` : "";
    const flying = inFlight.size > 0 ? ` · in flight: ${names}${more}` : "";
    return `${options.verb} ${finished}/${options.total} control planes${flying}${notice ? ` · ${notice}` : ""}`;
  };
  // discardStdin off: SIGINT handling and delete's confirmation prompt own stdin
  const spinner = ora({ stream, text: status(), discardStdin: false, isEnabled: true }).start();
  return {
    start(name) {
      inFlight.add(name);
      spinner.text = status();
    },
    done(name, line) {
      inFlight.delete(name);
      finished++;
      // ora clears its line around writes to stderr, so the finished line lands above the spinner
      spinner.clear();
      io.stderr(line);
      spinner.text = status();
    },
    note(text) {
      notice = text;
      spinner.text = status();
    },
    stop() {
      spinner.stop();
    },
  };
}
