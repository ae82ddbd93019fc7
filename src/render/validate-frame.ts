import type { SourceLocation } from "../lua/parse.js";
import { isControlChar } from "../text/sanitize.js";

export interface FramePaint {
  gutter: (text: string) => string;
  marker: (text: string) => string;
}

export interface FrameOptions {
  /** terminal cells given to source text before a line is cut around the column */
  maxWidth?: number;
  tabWidth?: number;
}

/** One character of a source line as it will appear on screen. */
interface Cell {
  text: string;
  /** terminal cells it takes: 0 (hidden), 1, or 2 (wide) */
  width: number;
  /** its index in the line, in UTF-16 code units (what SourceLocation columns count) */
  index: number;
  /** display offset, in cells, from the start of the line */
  at: number;
}

// Trojan-source bidi controls would reorder the frame on screen; they are dropped here, as are other controls.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

function isZeroWidth(cp: number): boolean {
  return (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x200b && cp <= 0x200d) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0xfeff;
}

// East Asian wide and emoji ranges; approximate (no grapheme clustering), good enough to place a caret.
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f680 && cp <= 0x1f6ff) ||
    (cp >= 0x1f900 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function cellsOf(line: string, tabWidth: number): Cell[] {
  const cells: Cell[] = [];
  let at = 0;
  for (let index = 0; index < line.length; ) {
    const cp = line.codePointAt(index) ?? 0;
    const ch = String.fromCodePoint(cp);
    let text: string;
    let width: number;
    if (ch === "\t") {
      width = tabWidth - (at % tabWidth);
      text = " ".repeat(width);
    } else if (isControlChar(ch) || BIDI.test(ch) || isZeroWidth(cp)) {
      // dropped, or drawn on top of the previous character: takes no cell either way
      text = isZeroWidth(cp) ? ch : "";
      width = 0;
    } else {
      text = ch;
      width = isWide(cp) ? 2 : 1;
    }
    cells.push({ text, width, index, at });
    at += width;
    index += ch.length;
  }
  return cells;
}

/** The index of the first cell where `reached` holds (false, then true along the line: indexes and offsets only grow), or cells.length. */
function firstCell(cells: Cell[], reached: (cell: Cell) => boolean): number {
  let low = 0;
  let high = cells.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (reached(cells[middle] as Cell)) high = middle;
    else low = middle + 1;
  }
  return low;
}

function widthOf(cells: Cell[]): number {
  const last = cells[cells.length - 1];
  return last ? last.at + last.width : 0;
}

/** The cells inside [from, to), with an ellipsis where text was cut. */
function windowText(cells: Cell[], from: number, to: number): string {
  const inside: Cell[] = [];
  for (let i = firstCell(cells, (c) => c.at >= from); i < cells.length && (cells[i] as Cell).at <= to; i++) {
    const cell = cells[i] as Cell;
    if (cell.at + cell.width <= to) inside.push(cell);
  }
  const head = from > 0 ? "…" : "";
  const tail = widthOf(cells) > to ? "…" : "";
  return (head + inside.map((c) => c.text).join("") + tail).trimEnd();
}

/** The last source's lines and their cells: a file with thousands of findings on one long line is split and measured once. */
let framed: { source: string; tabWidth: number; lines: string[]; cells: Map<number, Cell[]> } | undefined;

function framesOf(source: string, tabWidth: number): { lines: string[]; cellsOfLine: (index: number) => Cell[] } {
  if (framed?.source !== source || framed.tabWidth !== tabWidth) framed = { source, tabWidth, lines: source.split(/\r?\n/), cells: new Map() };
  const { lines, cells } = framed;
  const cellsOfLine = (index: number): Cell[] => {
    let line = cells.get(index);
    if (!line) cells.set(index, (line = cellsOf(lines[index] ?? "", tabWidth)));
    return line;
  };
  return { lines, cellsOfLine };
}

/**
 * A 2–3 line code frame: the line before (when there is one), the line of the finding, and a caret
 * underline under its span. Columns are UTF-16 code units; tabs and wide characters are expanded so the
 * caret lands under the right character, and long lines are cut to a window around the span.
 */
export function codeFrame(source: string, location: SourceLocation, paint: FramePaint, options: FrameOptions = {}): string[] {
  const maxWidth = options.maxWidth ?? 100;
  const tabWidth = options.tabWidth ?? 4;
  const { lines, cellsOfLine } = framesOf(source, tabWidth);
  const text = lines[location.line - 1];
  if (text === undefined) return [];

  const cells = cellsOfLine(location.line - 1);
  const startIndex = Math.max(0, location.column - 1);
  const endIndex = location.endLine > location.line ? text.length : Math.max(startIndex + 1, location.endColumn - 1);
  // cells are in line order: the span is found by binary search, not a scan per finding
  const first = firstCell(cells, (c) => c.index >= startIndex);
  const startCell = cells[first];
  const markStart = startCell ? startCell.at : widthOf(cells);
  const spanned = cells.slice(first, firstCell(cells, (c) => c.index >= endIndex));
  const markWidth = Math.max(1, spanned.reduce((sum, c) => sum + c.width, 0));

  // the window: whole line when it fits, else a third of it before the span
  const total = widthOf(cells);
  let from = 0;
  if (total > maxWidth) from = Math.max(0, Math.min(markStart - Math.floor(maxWidth / 3), total - maxWidth));
  const to = from + maxWidth;
  const shift = from > 0 ? 1 : 0; // the leading "…"

  const numberWidth = String(location.line).length;
  const gutter = (n: number | undefined): string => paint.gutter(` ${(n === undefined ? "" : String(n)).padStart(numberWidth)} |`);
  const out: string[] = [];
  const before = lines[location.line - 2];
  if (before !== undefined) {
    const shown = windowText(cellsOfLine(location.line - 2), from, to);
    out.push(" " + gutter(location.line - 1) + (shown ? ` ${shown}` : ""));
  }
  const shown = windowText(cells, from, to);
  out.push(paint.marker(">") + gutter(location.line) + (shown ? ` ${shown}` : ""));
  const visibleStart = Math.max(0, markStart - from) + shift;
  const visibleWidth = Math.max(1, Math.min(markWidth, to - Math.max(markStart, from)));
  out.push(` ${gutter(undefined)} ${" ".repeat(visibleStart)}${paint.marker("^".repeat(visibleWidth))}`);
  return out;
}
