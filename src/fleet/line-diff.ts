/** One line of an edit script: kept, removed (only in the old text) or added (only in the new text). */
export interface DiffLine {
  op: " " | "-" | "+";
  text: string;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Myers' O((N+M)·D) shortest edit script between two line lists. Schemas are small (a few hundred
 * lines), so keeping every round's frontier for the backtrack is cheap.
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))) x = v[offset + k + 1] ?? 0;
      else x = (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  // Backtrack through the saved frontiers from the end to the start.
  const script: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const frontier = trace[d] as Int32Array;
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && (frontier[offset + k - 1] ?? 0) < (frontier[offset + k + 1] ?? 0))) prevK = k + 1;
    else prevK = k - 1;
    const prevX = d === 0 ? 0 : (frontier[offset + prevK] ?? 0);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      script.push({ op: " ", text: a[x - 1] as string });
      x--;
      y--;
    }
    if (d === 0) break;
    if (x === prevX) script.push({ op: "+", text: b[y - 1] as string });
    else script.push({ op: "-", text: a[x - 1] as string });
    x = prevX;
    y = prevY;
  }
  return script.reverse();
}

/** Groups an edit script into unified-diff hunks with `context` unchanged lines around each change. */
export function toHunks(script: DiffLine[], context = 3): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  const changed = script.map((line) => line.op !== " ");
  let i = 0;
  let oldLine = 1;
  let newLine = 1;
  const positions = script.map((line) => {
    const at = { oldLine, newLine };
    if (line.op !== "+") oldLine++;
    if (line.op !== "-") newLine++;
    return at;
  });
  while (i < script.length) {
    if (!changed[i]) {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend while the next change is within 2·context unchanged lines (hunks would overlap).
    for (;;) {
      let j = end + 1;
      while (j < script.length && !changed[j]) j++;
      if (j < script.length && j - end - 1 <= 2 * context) end = j;
      else break;
    }
    const stop = Math.min(script.length, end + context + 1);
    const lines = script.slice(start, stop);
    const first = positions[start] ?? { oldLine: 1, newLine: 1 };
    const oldLines = lines.filter((l) => l.op !== "+").length;
    const newLines = lines.filter((l) => l.op !== "-").length;
    hunks.push({
      // unified diff convention: an empty range starts at the line before it
      oldStart: oldLines === 0 ? first.oldLine - 1 : first.oldLine,
      oldLines,
      newStart: newLines === 0 ? first.newLine - 1 : first.newLine,
      newLines,
      lines,
    });
    i = stop;
  }
  return hunks;
}

/** A plain unified diff (no colors); empty string when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, labels: { old: string; new: string }, context = 3): string {
  const hunks = toHunks(diffLines(oldText, newText), context);
  if (hunks.length === 0) return "";
  const out = [`--- ${labels.old}`, `+++ ${labels.new}`];
  for (const hunk of hunks) {
    out.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) out.push(`${line.op}${line.text}`);
  }
  return `${out.join("\n")}\n`;
}
