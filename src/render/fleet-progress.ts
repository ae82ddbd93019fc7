import type { CliIO } from "../cli/io.js";
import { sanitizeForDisplay } from "./terminal.js";

/**
 * Progress of a multi-control-plane run on stderr. Off a TTY (or with CI set): one plain line per
 * control plane as it finishes, nothing else. On a TTY: the same lines, plus one status line kept at
 * the bottom and redrawn in place (a spinner, counts, and which control planes are in flight) —
 * a single line, never one animated spinner per control plane.
 */
export interface FleetProgress {
  start(name: string): void;
  /** prints the finished line (already formatted, ending with \n) */
  done(name: string, line: string): void;
  /** a notice such as "interrupted: waiting for 3 requests in flight" */
  note(text: string): void;
  stop(): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export function isInteractive(io: CliIO): boolean {
  const ci = io.env.CI;
  return io.stderrIsTTY && (ci === undefined || ci === "" || ci === "0" || ci === "false") && io.env.TERM !== "dumb";
}

export function createFleetProgress(io: CliIO, options: { total: number; verb: string; quiet?: boolean }): FleetProgress {
  if (options.quiet) return { start() {}, done() {}, note() {}, stop() {} };
  if (!isInteractive(io)) {
    return {
      start() {},
      done: (_name, line) => io.stderr(line),
      note: (text) => io.stderr(`${text}\n`),
      stop() {},
    };
  }
  const inFlight = new Set<string>();
  let finished = 0;
  let frame = 0;
  let notice = "";
  let drawn = false;
  const status = (): string => {
    const names = [...inFlight].slice(0, 4).map(sanitizeForDisplay).join(", ");
    const more = inFlight.size > 4 ? ` +${inFlight.size - 4}` : "";
    const flying = inFlight.size > 0 ? ` · in flight: ${names}${more}` : "";
    const text = `${FRAMES[frame % FRAMES.length]} ${options.verb} ${finished}/${options.total} control planes${flying}${notice ? ` · ${notice}` : ""}`;
    const width = Number(io.env.COLUMNS) || 100;
    return text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text;
  };
  const clear = (): void => {
    if (drawn) io.stderr("\r\x1b[2K");
    drawn = false;
  };
  const draw = (): void => {
    io.stderr(`\r\x1b[2K${status()}`);
    drawn = true;
  };
  const timer = setInterval(() => {
    frame++;
    draw();
  }, 100);
  timer.unref();
  return {
    start(name) {
      inFlight.add(name);
      draw();
    },
    done(name, line) {
      inFlight.delete(name);
      finished++;
      clear();
      io.stderr(line);
      draw();
    },
    note(text) {
      notice = text;
      draw();
    },
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}
