import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { createFleetProgress, progressStyle } from "../../src/render/fleet-progress.js";

/** a stand-in for process.stderr: a TTY of `columns` width that records what is drawn on it */
function fakeTerminal(columns: number | undefined, isTTY = true): NodeJS.WriteStream & { written: string[] } {
  const stream = new EventEmitter() as unknown as NodeJS.WriteStream & { written: string[] };
  Object.assign(stream, {
    written: [] as string[],
    isTTY,
    columns,
    rows: columns === 0 ? 0 : 24,
    write(chunk: string | Uint8Array) {
      stream.written.push(String(chunk));
      return true;
    },
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
    getWindowSize: () => [columns ?? 0, 24],
    hasColors: () => false,
    getColorDepth: () => 1,
  });
  return stream;
}

function ioFor(stream: NodeJS.WriteStream | undefined, env: NodeJS.ProcessEnv = {}): CliIO & { errText: () => string } {
  let err = "";
  return {
    stdout: () => {},
    stderr: (text) => void (err += text),
    env,
    cwd: process.cwd(),
    stdoutIsTTY: true,
    stderrIsTTY: stream?.isTTY === true,
    stdinIsTTY: false,
    ...(stream ? { stderrStream: stream } : {}),
    signal: new AbortController().signal,
    errText: () => err,
  };
}

describe("push/list progress", () => {
  it("draws a spinner only on a TTY of known, non-zero width outside CI", () => {
    expect(progressStyle(ioFor(fakeTerminal(80)))).toBe("spinner");
    expect(progressStyle(ioFor(fakeTerminal(0)))).toBe("lines");
    expect(progressStyle(ioFor(fakeTerminal(undefined)))).toBe("lines");
    expect(progressStyle(ioFor(fakeTerminal(Number.NaN)))).toBe("lines");
    expect(progressStyle(ioFor(fakeTerminal(80, false)))).toBe("lines");
    expect(progressStyle(ioFor(fakeTerminal(80), { CI: "true" }))).toBe("lines");
    expect(progressStyle(ioFor(fakeTerminal(80), { TERM: "dumb" }))).toBe("lines");
    expect(progressStyle(ioFor(undefined))).toBe("lines");
  });

  it("on a 0-column terminal writes plain finished lines and no escape sequences", async () => {
    const stream = fakeTerminal(0);
    const io = ioFor(stream);
    const progress = await createFleetProgress(io, { total: 2, verb: "pushing" });
    progress.start("cp-a");
    progress.start("cp-b");
    progress.done("cp-a", "✓ cp-a: unchanged\n");
    progress.note("interrupted: waiting for 1 request in flight");
    progress.done("cp-b", "✓ cp-b: updated\n");
    progress.stop();
    expect(stream.written).toEqual([]);
    expect(io.errText()).toBe("✓ cp-a: unchanged\ninterrupted: waiting for 1 request in flight\n✓ cp-b: updated\n");
  });

  it("falls back to plain lines when the terminal is resized to 0 columns mid-run", async () => {
    const stream = fakeTerminal(80);
    const io = ioFor(stream);
    const progress = await createFleetProgress(io, { total: 2, verb: "pushing" });
    progress.start("cp-a");
    expect(stream.written.join("")).toContain("pushing 0/2");
    (stream as { columns: number }).columns = 0;
    stream.emit("resize");
    const drawnBefore = stream.written.length;
    progress.done("cp-a", "✓ cp-a: unchanged\n");
    progress.note("almost done");
    progress.stop();
    expect(stream.written.slice(drawnBefore).join("")).not.toContain("pushing");
    expect(io.errText()).toBe("✓ cp-a: unchanged\nalmost done\n");
  });
});
