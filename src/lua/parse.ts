import luaparse from "luaparse";
import type { Chunk, Node } from "luaparse";

/** 1-based line and column (in characters, as editors count them) of a span in a source file. */
export interface SourceLocation {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface LuaSyntaxError {
  message: string;
  location: SourceLocation;
}

/** A parsed Lua file: the AST plus what is needed to turn node positions into editor positions. */
export interface LuaSource {
  text: string;
  chunk: Chunk | undefined;
  syntaxError: LuaSyntaxError | undefined;
  /** where a node starts and ends, in characters */
  locate(node: Node): SourceLocation;
  /** the source text of one line (1-based), for code frames */
  lineText(line: number): string;
}

/**
 * Parses Lua with LuaJIT syntax. luaparse only accepts code units below U+0100 in strings, so the
 * UTF-8 text is handed to it as bytes (latin1) and string literal values are decoded back with
 * `decodeLuaString`; columns are converted back from bytes to characters in `locate`.
 */
export function parseLua(text: string): LuaSource {
  const lines = text.split(/\r?\n/);
  const byteText = Buffer.from(text, "utf8").toString("latin1");
  const asciiOnly = byteText.length === text.length;
  const toCharColumn = (line: number, byteColumn: number): number => {
    if (asciiOnly) return byteColumn;
    const lineBytes = Buffer.from(lines[line - 1] ?? "", "utf8");
    return lineBytes.subarray(0, byteColumn).toString("utf8").length;
  };
  const locate = (node: Node): SourceLocation => {
    const loc = node.loc;
    if (!loc) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    return {
      line: loc.start.line,
      column: toCharColumn(loc.start.line, loc.start.column) + 1,
      endLine: loc.end.line,
      endColumn: toCharColumn(loc.end.line, loc.end.column) + 1,
    };
  };
  const base = { text, locate, lineText: (line: number) => lines[line - 1] ?? "" };
  try {
    const chunk = luaparse.parse(byteText, {
      luaVersion: "LuaJIT",
      locations: true,
      ranges: true,
      comments: false,
      scope: true,
      encodingMode: "pseudo-latin1",
    });
    return { ...base, chunk, syntaxError: undefined };
  } catch (error) {
    const e = error as { message?: string; line?: number; column?: number };
    if (typeof e.line !== "number") throw error;
    const line = e.line;
    const column = toCharColumn(line, e.column ?? 0) + 1;
    // luaparse prefixes "[line:col] "; the location is carried separately.
    const message = String(e.message ?? "syntax error").replace(/^\[\d+:\d+\]\s*/, "");
    return { ...base, chunk: undefined, syntaxError: { message, location: { line, column, endLine: line, endColumn: column } } };
  }
}

/** The JS string of a Lua string literal value as luaparse returns it (bytes in latin1) → UTF-8 text. */
export function decodeLuaString(value: string): string {
  return Buffer.from(value, "latin1").toString("utf8");
}
