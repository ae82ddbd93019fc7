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

/**
 * A source line's characters as they appear on screen, one entry per code point, in parallel typed
 * arrays: a 1 MB line costs ~9 MB here, where an object per character cost well over 100 MB.
 */
class LineCells {
  readonly count: number;
  /** each character's index in the line, in UTF-16 code units (what SourceLocation columns count) */
  readonly index: Int32Array;
  /** display offset, in cells, from the start of the line */
  readonly at: Int32Array;
  /** terminal cells it takes: 0 (hidden), 1, or 2 (wide) */
  readonly width: Uint8Array;
  /** 1 when the character is drawn as itself (0-width combining marks included), 0 when dropped or a tab */
  private readonly drawn: Uint8Array;

  constructor(readonly line: string, tabWidth: number) {
    this.index = new Int32Array(line.length);
    this.at = new Int32Array(line.length);
    this.width = new Uint8Array(line.length);
    this.drawn = new Uint8Array(line.length);
    let at = 0;
    let n = 0;
    for (let index = 0; index < line.length; n++) {
      const cp = line.codePointAt(index) ?? 0;
      const size = cp > 0xffff ? 2 : 1;
      const ch = line.slice(index, index + size);
      let width: number;
      let drawn = 1;
      if (ch === "\t") {
        width = tabWidth - (at % tabWidth);
        drawn = 0;
      } else if (isControlChar(ch) || BIDI.test(ch) || isZeroWidth(cp)) {
        // dropped, or drawn on top of the previous character: takes no cell either way
        width = 0;
        drawn = isZeroWidth(cp) ? 1 : 0;
      } else {
        width = isWide(cp) ? 2 : 1;
      }
      this.index[n] = index;
      this.at[n] = at;
      this.width[n] = width;
      this.drawn[n] = drawn;
      at += width;
      index += size;
    }
    this.count = n;
  }

  /** what cell i shows: the character, a tab's spaces, or nothing */
  text(i: number): string {
    const start = this.index[i] as number;
    if (this.drawn[i]) return this.line.slice(start, i + 1 < this.count ? (this.index[i + 1] as number) : this.line.length);
    return this.line.charCodeAt(start) === 9 ? " ".repeat(this.width[i] as number) : "";
  }

  /** total display width */
  get total(): number {
    return this.count === 0 ? 0 : (this.at[this.count - 1] as number) + (this.width[this.count - 1] as number);
  }

  /** the first cell whose value in `of` is ≥ value (values only grow along the line), or count */
  firstAtLeast(of: Int32Array, value: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((of[middle] as number) >= value) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

/** The cells inside [from, to), with an ellipsis where text was cut. */
function windowText(cells: LineCells, from: number, to: number): string {
  let inside = "";
  for (let i = cells.firstAtLeast(cells.at, from); i < cells.count && (cells.at[i] as number) <= to; i++) {
    if ((cells.at[i] as number) + (cells.width[i] as number) <= to) inside += cells.text(i);
  }
  const head = from > 0 ? "…" : "";
  const tail = cells.total > to ? "…" : "";
  return (head + inside + tail).trimEnd();
}

/** The last source's lines and their cells: a file with thousands of findings on one long line is split and measured once. */
let framed: { source: string; tabWidth: number; lines: string[]; cells: Map<number, LineCells> } | undefined;

function framesOf(source: string, tabWidth: number): { lines: string[]; cellsOfLine: (index: number) => LineCells } {
  if (framed?.source !== source || framed.tabWidth !== tabWidth) framed = { source, tabWidth, lines: source.split(/\r?\n/), cells: new Map() };
  const { lines, cells } = framed;
  const cellsOfLine = (index: number): LineCells => {
    let line = cells.get(index);
    if (!line) cells.set(index, (line = new LineCells(lines[index] ?? "", tabWidth)));
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
  const first = cells.firstAtLeast(cells.index, startIndex);
  const afterSpan = cells.firstAtLeast(cells.index, endIndex);
  const total = cells.total;
  const markStart = first < cells.count ? (cells.at[first] as number) : total;
  const spanEnd = afterSpan < cells.count ? (cells.at[afterSpan] as number) : total;
  const markWidth = Math.max(1, spanEnd - markStart);

  // the window: whole line when it fits, else a third of it before the span
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
