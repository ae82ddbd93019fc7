import type { TextEdit } from "./types.js";

/** Applies edits that do not overlap (applyFixes guarantees it), from the end so offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

const same = (a: TextEdit, b: TextEdit): boolean => a.start === b.start && a.end === b.end && a.text === b.text;
const overlap = (a: TextEdit, b: TextEdit): boolean => a.start < b.end && b.start < a.end;

/**
 * Applies fixes (each a group of edits) in order: a fix whose edits overlap an edit already taken is
 * left out whole, so that none is half-applied; an edit reported by two findings counts once.
 */
export function applyFixes(text: string, fixes: readonly (readonly TextEdit[])[]): { text: string; applied: number } {
  const taken: TextEdit[] = [];
  let applied = 0;
  for (const edits of fixes) {
    const fresh = edits.filter((e) => !taken.some((t) => same(t, e)));
    if (fresh.some((e) => taken.some((t) => overlap(e, t)))) continue;
    if (fresh.length > 0) applied++;
    taken.push(...fresh);
  }
  return { text: applyEdits(text, taken), applied };
}
