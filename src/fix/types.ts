import type { SourceLocation } from "../lua/parse.js";

/** Replace text[start, end) of one file with `text` (offsets in UTF-16 code units, as JS strings count). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A certain fix of one finding: minimal edits of the finding's file that keep everything else as written. */
export interface Fix {
  /** one line: what applying it does */
  description: string;
  edits: TextEdit[];
}

/** A fix as reported: each edit also carries its range as editors count (1-based lines and columns). */
export interface ReportedFix {
  description: string;
  edits: (TextEdit & { range: SourceLocation })[];
}
