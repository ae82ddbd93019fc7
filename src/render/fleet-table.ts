import { sanitizeLine } from "../text/sanitize.js";

/** A cell: its plain text (for width) and an optional painter applied after padding. */
export interface Cell {
  text: string;
  paint?: (text: string) => string;
}

/** Left-aligned columns separated by two spaces; header in the first row. */
export function renderTable(header: string[], rows: (string | Cell)[][], headerPaint: (text: string) => string = (t) => t): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === "string" ? { text: cell } : cell)).map((c) => ({ ...c, text: sanitizeLine(c.text) })));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.text.length ?? 0)));
  const line = (row: Cell[]): string =>
    row
      .map((cell, i) => {
        const padded = i === row.length - 1 ? cell.text : cell.text.padEnd(widths[i] ?? 0);
        return cell.paint ? cell.paint(padded) : padded;
      })
      .join("  ")
      .trimEnd();
  return [headerPaint(line(header.map((text) => ({ text })))), ...cells.map(line)].join("\n") + "\n";
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${ms}ms`;
}
