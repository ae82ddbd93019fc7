import luaparse from "luaparse";
import type { Chunk, Node } from "luaparse";
import { lineIndexAt } from "../text/line-index.js";
import { MAX_TOKENS, prescanLua } from "./syntax-levels.js";
import { walkLua } from "./walk.js";

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
  /** not a LuaJIT syntax error: the file is past what kplug parses (MAX_TOKENS) */
  tooLarge?: boolean;
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

const TOO_DEEP = "chunk has too many syntax levels";

/**
 * Parses Lua with LuaJIT syntax. luaparse only accepts code units below U+0100 in strings, so the
 * UTF-8 text is handed to it as bytes (latin1) and string literal values are decoded back with
 * `decodeLuaString`; columns are converted back from bytes to characters in `locate`.
 * Never throws: input luaparse cannot take (nesting deeper than LuaJIT allows, a stray first
 * character) becomes a syntax error too.
 */
export function parseLua(text: string): LuaSource {
  // only code frames (the pretty format) need the lines
  let lines: string[] | undefined;
  const byteText = Buffer.from(text, "utf8").toString("latin1");
  const toCharColumn = charColumns(text, byteText);
  // Positions come from the node's byte range, on demand: luaparse's own `locations` cost seven
  // objects per node, and only the few nodes a finding names are ever located.
  let lineStarts: number[] | undefined;
  const locate = (node: Node): SourceLocation => {
    const range = (node as { range?: [number, number] }).range;
    if (!range) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    lineStarts ??= lineStartOffsets(byteText);
    const line = lineAt(lineStarts, range[0]);
    const endLine = lineAt(lineStarts, range[1]);
    return {
      line,
      column: toCharColumn(line, range[0] - (lineStarts[line - 1] as number)) + 1,
      endLine,
      endColumn: toCharColumn(endLine, range[1] - (lineStarts[endLine - 1] as number)) + 1,
    };
  };
  const base = { text, locate, lineText: (line: number) => (lines ??= text.split(/\r?\n/))[line - 1] ?? "" };
  const failed = (message: string, line: number, column: number): LuaSource => ({
    ...base,
    chunk: undefined,
    syntaxError: { message, location: { line, column, endLine: line, endColumn: column } },
  });
  const scan = prescanLua(text);
  const fromLuaparse = (error: LuaparseError): LuaSource => {
    const column = toCharColumn(error.line, error.column ?? 0) + 1;
    // at a stray character, say what LuaJIT says (luaparse's "near" names a token of an earlier parse there)
    if (scan.stray && scan.stray.line === error.line && scan.stray.column === column) return strayError(scan.stray);
    // luaparse prefixes "[line:col] "; the location is carried separately.
    return failed(String(error.message ?? "syntax error").replace(/^\[\d+:\d+\]\s*/, ""), error.line, column);
  };
  const strayError = (stray: NonNullable<typeof scan.stray>): LuaSource => failed(`unexpected symbol near '${stray.character}'`, stray.line, stray.column);

  if (scan.tooManyTokens) {
    const { line, column } = scan.tooManyTokens;
    const message = `more than ${MAX_TOKENS} tokens, the most kplug parses in one file (Konnect accepts at most 100 KB per plugin upload)`;
    return { ...base, chunk: undefined, syntaxError: { message, location: { line, column, endLine: line, endColumn: column }, tooLarge: true } };
  }
  if (scan.tooDeep) {
    // LuaJIT reports the first error: one before this point wins (the text up to it nests shallowly enough to parse)
    const cut = Buffer.byteLength(text.slice(0, scan.tooDeep.index));
    const earlier = luaparseError(() => parseBytes(byteText.slice(0, cut)));
    if (earlier && (earlier.index ?? cut) < cut) return fromLuaparse(earlier);
    return failed(TOO_DEEP, scan.tooDeep.line, scan.tooDeep.column);
  }
  // luaparse reads the previous token to report a bad first one: stale or undefined then
  if (scan.stray?.firstToken) return strayError(scan.stray);
  let chunk: Chunk;
  try {
    chunk = parseBytes(byteText);
  } catch (error) {
    if (isLuaparseError(error)) return fromLuaparse(error);
    // a stack overflow has no position (the pre-scan makes it unlikely)
    if (error instanceof RangeError) return failed(TOO_DEEP, 1, 1);
    throw error;
  }
  return { ...base, chunk, syntaxError: undefined };
}

interface LuaparseError {
  message?: string;
  line: number;
  column?: number;
  /** offset in the byte text */
  index?: number;
}

function isLuaparseError(error: unknown): error is LuaparseError {
  return typeof (error as { line?: unknown } | null)?.line === "number";
}

function luaparseError(parse: () => unknown): LuaparseError | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    return isLuaparseError(error) ? error : undefined;
  }
}

// LuaJIT takes every byte above ASCII as part of a name (@types/luaparse types the option as `false`)
const LUAPARSE_OPTIONS = {
  luaVersion: "LuaJIT",
  // positions are computed from ranges when asked for (see locate)
  locations: false,
  ranges: true,
  comments: false,
  scope: true,
  encodingMode: "pseudo-latin1",
  extendedIdentifiers: true,
} as unknown as Partial<luaparse.Options>;

/**
 * LuaJIT reads a hex fraction with no integer digits (`0x.8`, `0x.8p1`); luaparse calls it malformed.
 * Such a literal is parsed with a `0` added (`0x0.8`, the same value), then every position after
 * it, in the tree or in a later error, moves back by the byte added. Other text parses unchanged.
 */
function parseBytes(byteText: string): Chunk {
  let text = byteText;
  const added: number[] = [];
  for (;;) {
    try {
      const chunk = luaparse.parse(text, LUAPARSE_OPTIONS) as Chunk;
      if (added.length > 0) shiftRanges(chunk, added);
      return chunk;
    } catch (error) {
      if (!isLuaparseError(error) || error.index === undefined) throw error;
      const at = error.index;
      if (!/^0[xX]\.[0-9a-fA-F]/.test(text.slice(at - 2, at + 2))) throw added.length > 0 ? shiftError(error, text, added) : error;
      text = `${text.slice(0, at)}0${text.slice(at)}`;
      added.push(at);
    }
  }
}

/** Bytes added before `offset` of the parsed text (offsets in `added` are in the text as it was then, ascending). */
function addedBefore(added: readonly number[], offset: number): number {
  return added.filter((at) => at < offset).length;
}

function shiftRanges(chunk: Chunk, added: readonly number[]): void {
  walkLua(chunk, (node) => {
    const range = (node as { range?: [number, number] }).range;
    if (!range) return;
    const [start, end] = range;
    range[0] = start - addedBefore(added, start);
    range[1] = end - addedBefore(added, end);
  });
}

/** A later syntax error's position in the text as written. */
function shiftError(error: LuaparseError, text: string, added: readonly number[]): LuaparseError {
  const index = error.index ?? 0;
  const lineStart = Math.max(text.lastIndexOf("\n", index - 1), text.lastIndexOf("\r", index - 1)) + 1;
  const onLine = added.filter((at) => at >= lineStart && at < index).length;
  // the error itself (a SyntaxError whose message callers read), moved
  error.index = index - addedBefore(added, index);
  error.column = (error.column ?? 0) - onLine;
  return error;
}

/**
 * (line, byte column) as luaparse reports them → column in UTF-16 code units. Linear: the line starts
 * and a running count of code units are computed once, and only for text that is not ASCII.
 */
function charColumns(text: string, byteText: string): (line: number, byteColumn: number) => number {
  if (byteText.length === text.length) return (_line, byteColumn) => byteColumn;
  let lineStarts: number[] | undefined;
  let unitsBefore: Uint32Array | undefined;
  return (line, byteColumn) => {
    lineStarts ??= lineStartOffsets(byteText);
    unitsBefore ??= codeUnitsBefore(byteText);
    const start = lineStarts[line - 1] ?? byteText.length;
    const end = Math.min(start + Math.max(0, byteColumn), byteText.length);
    return (unitsBefore[end] ?? 0) - (unitsBefore[start] ?? 0);
  };
}

/** The 1-based line holding a byte offset (the last line starting at or before it). */
function lineAt(lineStarts: readonly number[], offset: number): number {
  return lineIndexAt(lineStarts, offset) + 1;
}

/** Offsets where each line starts, counting \n, \r, \r\n and \n\r as one line break, as luaparse does. */
function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 10 && code !== 13) continue;
    const next = text.charCodeAt(i + 1);
    if ((code === 10 && next === 13) || (code === 13 && next === 10)) i++;
    starts.push(i + 1);
  }
  return starts;
}

/** For each byte offset of UTF-8 text (as latin1), how many UTF-16 code units the bytes before it decode to. */
function codeUnitsBefore(bytes: string): Uint32Array {
  const units = new Uint32Array(bytes.length + 1);
  let count = 0;
  for (let i = 0; i < bytes.length; i++) {
    units[i] = count;
    const byte = bytes.charCodeAt(i);
    if ((byte & 0xc0) !== 0x80) count += byte >= 0xf0 ? 2 : 1; // a lead byte starts a character; 4-byte ones are surrogate pairs
  }
  units[bytes.length] = count;
  return units;
}

/** The JS string of a Lua string literal value as luaparse returns it (bytes in latin1) → UTF-8 text. */
export function decodeLuaString(value: string): string {
  return Buffer.from(value, "latin1").toString("utf8");
}
