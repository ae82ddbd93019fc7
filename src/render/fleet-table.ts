import { sanitizeLine } from "../text/sanitize.js";

/** A cell: its plain text (for width) and an optional painter applied after padding. */
export interface Cell {
  text: string;
  paint?: (text: string) => string;
}

/**
 * Left-aligned columns separated by two spaces; header in the first row. With `maxWidth` (the
 * terminal's), the last column is cut with "…" so that no row wraps.
 */
export function renderTable(header: string[], rows: (string | Cell)[][], headerPaint: (text: string) => string = (t) => t, options: { maxWidth?: number } = {}): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === "string" ? { text: cell } : cell)).map((c) => ({ ...c, text: sanitizeLine(c.text) })));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.text.length ?? 0)));
  const before = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  // never cut the last column below a readable stub, even on a very narrow terminal
  const room = options.maxWidth === undefined ? Number.POSITIVE_INFINITY : Math.max(12, options.maxWidth - before);
  const fit = (text: string): string => (text.length > room ? `${text.slice(0, room - 1)}…` : text);
  const line = (row: Cell[]): string =>
    row
      .map((cell, i) => {
        const padded = i === row.length - 1 ? fit(cell.text) : cell.text.padEnd(widths[i] ?? 0);
        return cell.paint ? cell.paint(padded) : padded;
      })
      .join("  ")
      .trimEnd();
  return [headerPaint(line(header.map((text) => ({ text })))), ...cells.map(line)].join("\n") + "\n";
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${ms}ms`;
}
