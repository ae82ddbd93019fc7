import type { SourceLocation } from "../lua/parse.js";
import { lineIndexAt } from "../text/line-index.js";

/** The last text's line starts: a file with thousands of fixes asks about the same text each time (linear, not quadratic). */
let cached: { text: string; starts: number[] } | undefined;

/** Offsets where each line starts (after \n). */
function lineStarts(text: string): number[] {
  if (cached?.text === text) return cached.starts;
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  cached = { text, starts };
  return starts;
}

/** The offset of a 1-based line and column (columns in UTF-16 code units, as kplug's locations are). */
export function offsetAt(text: string, line: number, column: number): number {
  const start = lineStarts(text)[line - 1];
  return start === undefined ? text.length : Math.min(start + column - 1, text.length);
}

/** The 1-based line and column of an offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const starts = lineStarts(text);
  const index = lineIndexAt(starts, offset);
  return { line: index + 1, column: offset - (starts[index] as number) + 1 };
}

/** start/end offsets → a SourceLocation (endColumn exclusive, like the rules' locations). */
export function rangeAt(text: string, start: number, end: number): SourceLocation {
  const from = positionAt(text, start);
  const to = positionAt(text, end);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}
