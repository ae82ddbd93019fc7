import type { SourceLocation } from "../lua/parse.js";
import type { ConfigTable, ConfigValue } from "../plugin-config/value.js";
import { locate, NotPlain, placed, readPlain, resolvePlain } from "./plain-yaml.js";
import { scalarValue } from "./yaml-values.js";

/*
 * A fast reader for decK state files in JSON (kong.json): JSON is YAML, and the `yaml` library reads
 * it as flow collections; this builds the same config values with the same ranges (a node from its
 * first character to just after its last) about ten times faster. Strings are JSON's (JSON.parse),
 * numbers and literals go through the `yaml` library's YAML 1.1 tags as the `yaml` library reads
 * them. Anything that is not plain JSON with an object at the top (or has tabs, CRs, control
 * characters) makes it answer undefined, and the `yaml` library reads the file.
 */

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const MAX_DEPTH = 100;

/** The root object, or undefined when the text is not plain JSON as described above. */
export function readPlainJson(text: string): ConfigTable | undefined {
  return readPlain(text, () => new JsonReader(text).document());
}

class JsonReader {
  private readonly lineStarts: number[] = [0];
  private at = 0;
  private readonly literals = new Map<string, ConfigValue>();

  constructor(private readonly text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  document(): ConfigTable {
    this.space();
    if (this.text.charCodeAt(this.at) !== 123 /* { */) throw new NotPlain();
    const root = this.value(0);
    this.space();
    if (this.at !== this.text.length || root.kind !== "table") throw new NotPlain();
    return root;
  }

  private space(): void {
    const text = this.text;
    let i = this.at;
    for (let c = text.charCodeAt(i); c === 32 || c === 10; c = text.charCodeAt(++i));
    this.at = i;
  }

  private locate(from: number, to: number): SourceLocation {
    return locate(this.lineStarts, from, to);
  }

  private value(depth: number): ConfigValue {
    if (depth > MAX_DEPTH) throw new NotPlain();
    const text = this.text;
    const start = this.at;
    const c = text.charCodeAt(start);
    if (c === 123 || c === 91 /* [ */) return this.collection(c === 123, depth);
    if (c === 34 /* " */) {
      const value = this.string();
      return scalarValue(value, this.locate(start, this.at));
    }
    let end: number;
    if (c === 116 || c === 102 || c === 110) {
      // true, false, null
      const word = c === 102 ? 5 : 4;
      end = start + word;
      const source = text.slice(start, end);
      if (source !== "true" && source !== "false" && source !== "null") throw new NotPlain();
    } else {
      NUMBER.lastIndex = start;
      if (!NUMBER.test(text)) throw new NotPlain();
      end = NUMBER.lastIndex;
    }
    this.at = end;
    const source = text.slice(start, end);
    let cached = this.literals.get(source);
    if (cached === undefined) {
      cached = scalarValue(resolvePlain(source), undefined);
      this.literals.set(source, cached);
    }
    return placed(cached, this.locate(start, end));
  }

  /** A JSON string at the cursor; the cursor moves past its closing quote. */
  private string(): string {
    const text = this.text;
    const start = this.at;
    let i = start + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c) || c === 10) throw new NotPlain();
      if (c === 34) break;
      i += c === 92 /* \ */ ? 2 : 1;
    }
    this.at = i + 1;
    try {
      return JSON.parse(text.slice(start, i + 1)) as string;
    } catch {
      throw new NotPlain();
    }
  }

  private collection(isObject: boolean, depth: number): ConfigTable {
    const text = this.text;
    const start = this.at;
    const close = isObject ? 125 : 93;
    const table: ConfigTable = isObject ? { kind: "table", items: [], fields: new Map(), keyAt: new Map() } : { kind: "table", items: [], fields: new Map() };
    this.at++;
    this.space();
    if (text.charCodeAt(this.at) !== close) {
      for (;;) {
        if (isObject) {
          const keyStart = this.at;
          if (text.charCodeAt(keyStart) !== 34) throw new NotPlain();
          const key = this.string();
          const keyAt = this.locate(keyStart, this.at);
          this.space();
          if (text.charCodeAt(this.at) !== 58 /* : */) throw new NotPlain();
          this.at++;
          this.space();
          table.fields.set(key, this.value(depth + 1));
          table.keyAt?.set(key, keyAt);
        } else {
          table.items.push(this.value(depth + 1));
        }
        this.space();
        const c = text.charCodeAt(this.at);
        if (c === close) break;
        if (c !== 44 /* , */) throw new NotPlain();
        this.at++;
        this.space();
      }
    }
    this.at++;
    table.at = this.locate(start, this.at);
    return table;
  }
}
