import { Document, isScalar } from "yaml";
import type { ScalarTag } from "yaml";
import type { SourceLocation } from "../lua/parse.js";
import type { ConfigTable, ConfigValue } from "../plugin-config/value.js";
import { scalarValue } from "./yaml-values.js";

/*
 * A fast reader for the plain YAML that decK state files are written in: one document of block
 * mappings and sequences, one-line scalars (plain, single- or double-quoted) and one-line flow
 * collections, comments where they cannot change a value's source range. It builds the same config
 * values, with the same line:column ranges, as the `yaml` library's documents do (read.ts), about
 * ten times faster; anything else (anchors, tags, block scalars, multi-line scalars, several
 * documents, odd indentation, syntax errors…) makes it answer undefined, and the `yaml` library
 * reads the file. Plain scalars are resolved with the `yaml` library's own YAML 1.1 tags.
 */

/** The `yaml` library's YAML 1.1 schema and options, as parseDeck's documents use them. */
const yaml11 = new Document(null, { version: "1.1", uniqueKeys: false });
const RESOLVING_TAGS = yaml11.schema.tags.filter((tag): tag is ScalarTag => tag.default === true && "test" in tag && tag.test !== undefined && !("collection" in tag && tag.collection));

/** Characters a one-line plain scalar cannot start with (or that this reader leaves to `yaml`). */
const INDICATOR = new Set([..."&*!|>%@`,[]{}#'\""]);
/** A plain mapping key this reader takes as it is written (the tags still resolve it: `yes` → true). */
const PLAIN_KEY = /[A-Za-z0-9_$~][\w.\-/$~]*/y;
const MAX_DEPTH = 100;

/** Thrown where the text leaves plain decK YAML; readPlainYaml answers undefined. */
export class NotPlain extends Error {}

interface Line {
  /** offset of the line's first character */
  start: number;
  /** offset of its first non-space character */
  content: number;
  /** offset of its end (the "\n" or the text's end) */
  end: number;
  indent: number;
}

/** The document's root table, or undefined when the text is not plain YAML as described above. */
export function readPlainYaml(text: string): ConfigTable | undefined {
  return readPlain(text, () => new PlainReader(text).document());
}

/** What `read` makes of the text, or undefined when it is not plain (NotPlain) or has unusual characters. */
export function readPlain(text: string, read: () => ConfigTable): ConfigTable | undefined {
  if (hasUnusualCharacter(text)) return undefined;
  try {
    return read();
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

class PlainReader {
  /** content lines only: blank and comment-only lines are not here */
  private readonly lines: Line[] = [];
  private readonly lineStarts: number[] = [0];
  /** the next content line */
  private index = 0;
  private readonly plainCache = new Map<string, ConfigValue>();
  private readonly keyCache = new Map<string, string>();

  constructor(private readonly text: string) {
    let start = 0;
    /** indentation of the comment lines since the last content line, to check where they may stand */
    let comments: number[] = [];
    while (start <= text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      let content = start;
      while (content < end && text.charCodeAt(content) === 32) content++;
      const indent = content - start;
      if (content === end) {
        // blank
      } else if (text.charCodeAt(content) === 35 /* # */) {
        comments.push(indent);
      } else {
        // `yaml` files a comment line under the innermost open collection, where it can lengthen
        // that collection's range (and its parents'); one at the column of the next content line
        // goes with that line's entry instead (before the first content line: the document's)
        if (this.lines.length > 0 && comments.some((column) => column !== indent)) throw new NotPlain();
        comments = [];
        const first = text.charCodeAt(content);
        // directives, document markers
        if (first === 37 /* % */ || (indent === 0 && (text.startsWith("---", content) || text.startsWith("...", content)))) throw new NotPlain();
        this.lines.push({ start, content, end, indent });
      }
      if (end === text.length) break;
      start = end + 1;
      this.lineStarts.push(start);
    }
    // trailing comments stay out of every range only at column 0
    if (comments.some((column) => column !== 0)) throw new NotPlain();
  }

  document(): ConfigTable {
    const first = this.lines[0];
    // a document that is not a mapping at column 1 gets the `yaml` library's answer (and error)
    if (!first || first.indent !== 0 || this.isSequenceItem(first.content)) throw new NotPlain();
    const root = this.blockMapping(first.content, 0, 0);
    if (this.index !== this.lines.length) throw new NotPlain();
    return root.value;
  }

  private locate(from: number, to: number): SourceLocation {
    return locate(this.lineStarts, from, to);
  }

  /** Where a value that ends its line ends in yaml's terms: after the line's newline. */
  private lineEnd(line: Line): number {
    return line.end === this.text.length ? line.end : line.end + 1;
  }

  /** A block collection whose first line is the current one; `end` is the offset its range ends at. */
  private blockNode(indent: number, depth: number): { kind: "table"; value: ConfigTable; end: number } {
    if (depth > MAX_DEPTH) throw new NotPlain();
    const line = this.lines[this.index];
    if (!line || line.indent !== indent) throw new NotPlain();
    return this.isSequenceItem(line.content) ? this.blockSequence(line.content, indent, depth) : this.blockMapping(line.content, indent, depth);
  }

  private isSequenceItem(at: number): boolean {
    if (this.text.charCodeAt(at) !== 45 /* - */) return false;
    const next = this.text.charCodeAt(at + 1);
    return next === 32 || Number.isNaN(next) || next === 10;
  }

  /** A block sequence at `indent` whose first "-" is at `from` (the current line's content, or after "- "). */
  private blockSequence(from: number, indent: number, depth: number): { kind: "table"; value: ConfigTable; end: number } {
    if (depth > MAX_DEPTH) throw new NotPlain();
    const items: ConfigValue[] = [];
    let end = from;
    let dash = from;
    for (let firstLine = true; ; firstLine = false) {
      const line = this.lines[this.index];
      if (!line) break;
      if (!firstLine) {
        if (line.indent !== indent || !this.isSequenceItem(line.content)) break;
        dash = line.content;
      }
      let at = dash + 1;
      while (at < line.end && this.text.charCodeAt(at) === 32) at++;
      if (at === line.end || this.text.charCodeAt(at) === 35) throw new NotPlain(); // empty item, or its value on the next lines
      if (this.isSequenceItem(at)) {
        // "- - a": a sequence whose column is that of its first "-"
        const inner = this.blockSequence(at, at - line.start, depth + 1);
        items.push(inner.value);
        end = inner.end;
      } else if (this.keyEnd(at, line.end) !== undefined) {
        // "- name: x": a mapping whose column is that of its first key
        const column = at - line.start;
        const map = this.blockMapping(at, column, depth + 1);
        items.push(map.value);
        end = map.end;
      } else {
        const value = this.inlineValue(at, line, depth + 1);
        items.push(value.value);
        end = value.end;
        this.index++;
        this.expectNoDeeper(indent);
      }
    }
    return { kind: "table", value: { kind: "table", items, fields: new Map(), at: this.locate(from, end) }, end };
  }

  /** A block mapping at `indent` whose first key starts at `from` (the current line's content, or after "- "). */
  private blockMapping(from: number, indent: number, depth: number): { kind: "table"; value: ConfigTable; end: number } {
    const table: ConfigTable = { kind: "table", items: [], fields: new Map(), keyAt: new Map() };
    let at = from;
    let end = from;
    let firstLine = true;
    for (;;) {
      const line = this.lines[this.index];
      if (!line) break;
      if (!firstLine) {
        if (line.indent < indent) break;
        if (line.indent > indent) throw new NotPlain();
        if (this.isSequenceItem(line.content)) throw new NotPlain();
        at = line.content;
      }
      firstLine = false;
      const colon = this.keyEnd(at, line.end);
      if (colon === undefined) throw new NotPlain();
      const key = this.key(at, colon.keyEnd);
      const keyAt = this.locate(at, colon.keyEnd);
      let valueStart = colon.after;
      while (valueStart < line.end && this.text.charCodeAt(valueStart) === 32) valueStart++;
      let value: ConfigValue;
      if (valueStart === line.end || this.text.charCodeAt(valueStart) === 35) {
        // the value is a block collection on the next lines: deeper, or a sequence at this mapping's column
        this.index++;
        const next = this.lines[this.index];
        if (!next) throw new NotPlain();
        if (!(next.indent > indent || (next.indent === indent && this.isSequenceItem(next.content)))) throw new NotPlain();
        const node = next.indent === indent ? this.blockSequence(next.content, indent, depth + 1) : this.blockNode(next.indent, depth + 1);
        value = node.value;
        end = node.end;
      } else {
        const inline = this.inlineValue(valueStart, line, depth + 1);
        value = inline.value;
        end = inline.end;
        this.index++;
        this.expectNoDeeper(indent);
      }
      table.fields.set(key, value);
      table.keyAt?.set(key, keyAt);
    }
    table.at = this.locate(from, end);
    return { kind: "table", value: table, end };
  }

  /** After a one-line value, a more indented line would continue it (or be an error): left to `yaml`. */
  private expectNoDeeper(indent: number): void {
    const next = this.lines[this.index];
    if (next && next.indent > indent) throw new NotPlain();
  }

  /** A mapping key at `at`: where it ends and where its value starts, or undefined when the line is no `key:` line. */
  private keyEnd(at: number, lineEnd: number): { keyEnd: number; after: number } | undefined {
    const text = this.text;
    const first = text.charCodeAt(at);
    let keyEnd: number;
    if (first === 34 /* " */ || first === 39 /* ' */) {
      const close = this.quotedEnd(at, lineEnd);
      if (close === undefined) return undefined;
      keyEnd = close;
    } else {
      keyEnd = plainKeyEnd(text, at);
      if (keyEnd < 0) return undefined;
    }
    if (text.charCodeAt(keyEnd) !== 58 /* : */) return undefined;
    const after = text.charCodeAt(keyEnd + 1);
    if (!(after === 32 || keyEnd + 1 === lineEnd)) return undefined;
    return { keyEnd, after: keyEnd + 1 };
  }

  private key(from: number, to: number): string {
    const source = this.text.slice(from, to);
    const first = source.charCodeAt(0);
    if (first === 34 || first === 39) return this.quoted(source);
    if (source === "<<") throw new NotPlain(); // a merge key
    let key = this.keyCache.get(source);
    if (key === undefined) {
      // yaml resolves a plain key with the same tags as a value (`yes:` is the key true); the
      // converter keeps String(value)
      key = String(resolvePlain(source));
      this.keyCache.set(source, key);
    }
    return key;
  }

  /** A one-line value starting at `at`: quoted, flow collection or plain; its range ends after the line. */
  private inlineValue(at: number, line: Line, depth: number): { value: ConfigValue; end: number } {
    const text = this.text;
    const first = text.charCodeAt(at);
    let valueEnd: number;
    let value: ConfigValue;
    if (first === 91 /* [ */ || first === 123 /* { */) {
      const flow = this.flow(at, line.end, depth);
      value = flow.value;
      valueEnd = flow.end;
    } else if (first === 34 || first === 39) {
      const close = this.quotedEnd(at, line.end);
      if (close === undefined) throw new NotPlain();
      valueEnd = close;
      value = scalarValue(this.quoted(text.slice(at, close)), this.locate(at, close));
    } else {
      const source = this.plainSource(at, line.end);
      valueEnd = at + source.length;
      value = this.plain(source, at, valueEnd);
    }
    this.expectLineRest(valueEnd, line.end);
    return { value, end: this.lineEnd(line) };
  }

  /** After a value: only spaces, then the line's end or a comment. */
  private expectLineRest(at: number, lineEnd: number): void {
    let i = at;
    while (i < lineEnd && this.text.charCodeAt(i) === 32) i++;
    if (i === lineEnd) return;
    if (this.text.charCodeAt(i) === 35 && i > at) return;
    throw new NotPlain();
  }

  /** A block plain scalar's text: up to a comment or the line's end, without trailing spaces. */
  private plainSource(at: number, lineEnd: number): string {
    const text = this.text;
    const first = text[at] as string;
    if (INDICATOR.has(first)) throw new NotPlain();
    if ((first === "-" || first === "?" || first === ":") && text.charCodeAt(at + 1) === 32) throw new NotPlain();
    let stop = at + 1;
    while (stop < lineEnd && !(text.charCodeAt(stop) === 35 && text.charCodeAt(stop - 1) === 32)) stop++;
    if (stop < lineEnd) stop--; // the space before the comment
    let end = stop;
    while (end > at && text.charCodeAt(end - 1) === 32) end--;
    const source = text.slice(at, end);
    // "a: b" would be a nested mapping, "a:" a key: left to yaml
    if (source.includes(": ") || source.endsWith(":")) throw new NotPlain();
    return source;
  }

  private plain(source: string, from: number, to: number): ConfigValue {
    let cached = this.plainCache.get(source);
    if (cached === undefined) {
      cached = scalarValue(resolvePlain(source), undefined);
      this.plainCache.set(source, cached);
    }
    return placed(cached, this.locate(from, to));
  }

  /** The offset after the closing quote of a one-line quoted scalar at `at`, or undefined. */
  private quotedEnd(at: number, lineEnd: number): number | undefined {
    const text = this.text;
    const quote = text.charCodeAt(at);
    let i = at + 1;
    while (i < lineEnd) {
      const c = text.charCodeAt(i);
      if (quote === 39 && c === 39) {
        if (text.charCodeAt(i + 1) === 39) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      if (quote === 34) {
        if (c === 92 /* \ */) {
          i += 2;
          continue;
        }
        if (c === 34) return i + 1;
      }
      i++;
    }
    return undefined;
  }

  /** A quoted scalar's value: JSON's escapes only (YAML's others are left to `yaml`). */
  private quoted(source: string): string {
    if (source.charCodeAt(0) === 39) return source.slice(1, -1).replace(/''/g, "'");
    if (source.includes("\\") && /\\(?!["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(source)) throw new NotPlain();
    try {
      return JSON.parse(source) as string;
    } catch {
      throw new NotPlain();
    }
  }

  /** A one-line flow collection: `[a, "b", [c]]`, `{k: v}`. */
  private flow(at: number, lineEnd: number, depth: number): { value: ConfigValue; end: number } {
    if (depth > MAX_DEPTH) throw new NotPlain();
    const text = this.text;
    const isSeq = text.charCodeAt(at) === 91;
    const close = isSeq ? 93 : 125;
    const table: ConfigTable = isSeq ? { kind: "table", items: [], fields: new Map() } : { kind: "table", items: [], fields: new Map(), keyAt: new Map() };
    let i = this.skipSpaces(at + 1, lineEnd);
    if (text.charCodeAt(i) === close) {
      table.at = this.locate(at, i + 1);
      return { value: table, end: i + 1 };
    }
    for (;;) {
      if (isSeq) {
        const item = this.flowScalarOrCollection(i, lineEnd, depth);
        table.items.push(item.value);
        i = item.end;
      } else {
        const first = text.charCodeAt(i);
        let keyEnd: number;
        if (first === 34 || first === 39) {
          const end = this.quotedEnd(i, lineEnd);
          if (end === undefined) throw new NotPlain();
          keyEnd = end;
        } else {
          keyEnd = plainKeyEnd(text, i);
          if (keyEnd < 0) throw new NotPlain();
        }
        if (text.charCodeAt(keyEnd) !== 58 || text.charCodeAt(keyEnd + 1) !== 32) throw new NotPlain();
        const key = this.key(i, keyEnd);
        const keyAt = this.locate(i, keyEnd);
        const item = this.flowScalarOrCollection(this.skipSpaces(keyEnd + 1, lineEnd), lineEnd, depth);
        table.fields.set(key, item.value);
        table.keyAt?.set(key, keyAt);
        i = item.end;
      }
      i = this.skipSpaces(i, lineEnd);
      const c = text.charCodeAt(i);
      if (c === close) {
        table.at = this.locate(at, i + 1);
        return { value: table, end: i + 1 };
      }
      if (c !== 44 /* , */) throw new NotPlain();
      i = this.skipSpaces(i + 1, lineEnd);
      if (text.charCodeAt(i) === close || text.charCodeAt(i) === 44) throw new NotPlain(); // trailing or double comma
    }
  }

  private skipSpaces(at: number, lineEnd: number): number {
    let i = at;
    while (i < lineEnd && this.text.charCodeAt(i) === 32) i++;
    return i;
  }

  private flowScalarOrCollection(at: number, lineEnd: number, depth: number): { value: ConfigValue; end: number } {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first === 91 || first === 123) return this.flow(at, lineEnd, depth + 1);
    if (first === 34 || first === 39) {
      const end = this.quotedEnd(at, lineEnd);
      if (end === undefined) throw new NotPlain();
      return { value: scalarValue(this.quoted(text.slice(at, end)), this.locate(at, end)), end };
    }
    // a flow plain scalar ends at , ] } (a ":" or " #" in it is left to yaml)
    let i = at;
    while (i < lineEnd) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 93 || c === 125) break;
      if (c === 58 || c === 91 || c === 123 || (c === 35 && text.charCodeAt(i - 1) === 32)) throw new NotPlain();
      i++;
    }
    let end = i;
    while (end > at && text.charCodeAt(end - 1) === 32) end--;
    if (end === at) throw new NotPlain();
    const source = text.slice(at, end);
    const head = source[0] as string;
    if (INDICATOR.has(head) || ((head === "-" || head === "?") && source.charCodeAt(1) === 32)) throw new NotPlain();
    return { value: this.plain(source, at, end), end };
  }
}

/** A copy of a resolved scalar (kept once per source text) at the place it is written. */
export function placed(scalar: ConfigValue, at: SourceLocation): ConfigValue {
  switch (scalar.kind) {
    case "null":
      return { kind: "null", at };
    case "string":
      return scalar.placeholder === undefined ? { kind: "string", value: scalar.value, at } : { kind: "string", value: scalar.value, at, placeholder: scalar.placeholder };
    case "number":
      return { kind: "number", value: scalar.value, at };
    case "boolean":
      return { kind: "boolean", value: scalar.value, at };
    default:
      throw new NotPlain();
  }
}

/** yaml's LineCounter.linePos over the offsets where lines start. */
function position(lineStarts: readonly number[], offset: number): { line: number; col: number } {
  let low = 0;
  let high = lineStarts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((lineStarts[mid] as number) < offset) low = mid + 1;
    else high = mid;
  }
  if (lineStarts[low] === offset) return { line: low + 1, col: 1 };
  if (low === 0) return { line: 0, col: offset };
  return { line: low, col: offset - (lineStarts[low - 1] as number) + 1 };
}

/** A source range as the YAML converter locates a node's range (read.ts). */
export function locate(lineStarts: readonly number[], from: number, to: number): SourceLocation {
  const start = position(lineStarts, from);
  const end = position(lineStarts, to);
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

/** Control characters, tabs, CRs, BOMs and Unicode line separators: left to the `yaml` library. */
export function hasUnusualCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 10) || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) return true;
  }
  return false;
}

/** Where a plain key written at `at` ends, or -1 (the key class has no newline: it stays on its line). */
function plainKeyEnd(text: string, at: number): number {
  PLAIN_KEY.lastIndex = at;
  return PLAIN_KEY.test(text) ? PLAIN_KEY.lastIndex : -1;
}

/** A plain scalar's value as the `yaml` library composes it with the YAML 1.1 tags (an error → NotPlain). */
export function resolvePlain(source: string): unknown {
  const tag = RESOLVING_TAGS.find((candidate) => candidate.test?.test(source));
  if (!tag) return source;
  let failed = false;
  const resolved = tag.resolve(source, () => (failed = true), yaml11.options);
  if (failed) throw new NotPlain();
  return isScalar(resolved) ? resolved.value : resolved;
}
