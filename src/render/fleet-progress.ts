import type { CliIO } from "../cli/io.js";
import { sanitizeForDisplay } from "../text/sanitize.js";

/**
 * Progress of a multi-control-plane run on stderr. Off a TTY (or with CI set, or on a terminal of 0 or
 * unknown width): one plain line per control plane as it finishes, nothing else. On a TTY that can
 * draw: the same lines, plus one ora spinner kept at the bottom (counts, and which control planes are
 * in flight). One spinner, not one per control
 * plane: ora redraws a single line, and concurrent spinners on one terminal corrupt each other.
 */
export interface FleetProgress {
  start(name: string): void;
  /** prints the finished line (already formatted, ending with \n) */
  done(name: string, line: string): void;
  /** a notice such as "interrupted: waiting for 3 requests in flight" */
  note(text: string): void;
  /** lines (ending with \n) that must be shown whatever the style, above the spinner */
  print(text: string): void;
  stop(): void;
}

export function isInteractive(io: CliIO): boolean {
  const ci = io.env.CI;
  return io.stderrIsTTY && (ci === undefined || ci === "" || ci === "0" || ci === "false") && io.env.TERM !== "dumb";
}

/**
 * A spinner only where it can draw: a TTY, not CI, not TERM=dumb, and a known width above 0. A 0-column
 * terminal (`script`, some CI pseudo-TTYs: `stty size` says `0 0`) makes ora redraw forever.
 */
export function progressStyle(io: CliIO): "spinner" | "lines" {
  const stream = io.stderrStream;
  return isInteractive(io) && stream !== undefined && canDraw(stream) ? "spinner" : "lines";
}

function canDraw(stream: NodeJS.WriteStream): boolean {
  const columns = stream.columns;
  return stream.isTTY === true && typeof columns === "number" && Number.isFinite(columns) && columns > 0;
}

/**
 * `perControlPlane: false` (fleet commands without --verbose): no line per finished control plane,
 * so 100 control planes do not print 100 lines; a terminal still gets the spinner with the counts.
 */
export async function createFleetProgress(
  io: CliIO,
  options: {
    /** a function when the total is not known yet (reads that start with a listing's first page) */
    total: number | (() => number | undefined);
    verb: string;
    quiet?: boolean;
    perControlPlane?: boolean;
  },
): Promise<FleetProgress> {
  const print = (text: string): void => {
    if (text !== "") io.stderr(text);
  };
  if (options.quiet) return { start() {}, done() {}, note() {}, print, stop() {} };
  const stream = io.stderrStream;
  const perControlPlane = options.perControlPlane !== false;
  const lines: FleetProgress = {
    start() {},
    done: (_name, line) => {
      if (perControlPlane) io.stderr(line);
    },
    note: (text) => io.stderr(`${text}\n`),
    print,
    stop() {},
  };
  if (progressStyle(io) === "lines" || !stream) return lines;
  // loaded only on a terminal: CI runs never pay for it
  const { default: ora } = await import("ora");
  const inFlight = new Set<string>();
  let finished = 0;
  let notice = "";
  const status = (): string => {
    const names = [...inFlight].slice(0, 4).map(sanitizeForDisplay).join(", ");
    const more = inFlight.size > 4 ? ` +${inFlight.size - 4}` : "";
    const flying = inFlight.size > 0 ? ` · in flight: ${names}${more}` : "";
    const total = typeof options.total === "function" ? options.total() : options.total;
    return `${options.verb} ${finished}${total === undefined ? "" : `/${total}`} control planes${flying}${notice ? ` · ${notice}` : ""}`;
  };
  // discardStdin off: SIGINT handling and delete's confirmation prompt own stdin
  const spinner = ora({ stream, text: status(), discardStdin: false, isEnabled: true }).start();
  // the terminal may be resized to 0 columns mid-run: from then on, plain lines
  let drawing = true;
  const stillDrawing = (): boolean => {
    if (drawing && !canDraw(stream)) {
      drawing = false;
      spinner.stop();
    }
    return drawing;
  };
  // ora redraws on its own timer too: stop it as soon as the width drops to 0, not at the next update
  const onResize = (): void => void stillDrawing();
  stream.on("resize", onResize);
  return {
    start(name) {
      inFlight.add(name);
      if (stillDrawing()) spinner.text = status();
    },
    done(name, line) {
      inFlight.delete(name);
      finished++;
      if (!stillDrawing()) return lines.done(name, line);
      // ora clears its line around writes to stderr, so the finished line lands above the spinner
      if (perControlPlane) {
        spinner.clear();
        io.stderr(line);
      }
      spinner.text = status();
    },
    note(text) {
      notice = text;
      if (stillDrawing()) spinner.text = status();
      else lines.note(text);
    },
    print(text) {
      if (text === "" || !stillDrawing()) return print(text);
      spinner.clear();
      io.stderr(text);
      spinner.render();
    },
    stop() {
      stream.off("resize", onResize);
      if (drawing) spinner.stop();
    },
  };
}
