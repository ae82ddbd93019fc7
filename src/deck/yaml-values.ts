import { isAlias, isMap, isPair, isScalar, isSeq, visit } from "yaml";
import type { Alias, Document, Node as YamlNode, LineCounter } from "yaml";
import type { SourceLocation } from "../lua/parse.js";
import type { ConfigTable, ConfigValue } from "../plugin-config/value.js";

/*
 * YAML (or JSON) nodes of a decK file → config values that remember their line:column. decK reads
 * YAML with Go's YAML 1.1 reader, so `yes`/`no` are booleans here too, and merge keys (`<<`) apply.
 */

/** decK's environment placeholder: `${{ env "DECK_X" }}` (decK renders it before it parses). */
const PLACEHOLDER = /\$\{\{\s*env\s+"([^"]*)"\s*\}\}/;

/**
 * Values a document may produce through aliases (and merge keys), all expansions together: a
 * billion-laughs file (each level aliasing the previous one ten times) stops here instead of
 * expanding 10^10 values. Go's YAML readers (decK's) refuse such files too ("excessive aliasing").
 */
export const MAX_ALIASED_VALUES = 200_000;

/** A document that expands past MAX_ALIASED_VALUES through aliases. */
export class ExcessiveAliasingError extends Error {}

export class YamlConverter {
  /** each alias → the node it names (the last anchor of that name before it), found in one pass */
  private readonly targets = new Map<Alias, unknown>();
  /** values produced inside alias expansions so far */
  private aliased = 0;

  constructor(
    doc: Document,
    private readonly lines: LineCounter,
  ) {
    // yaml's Alias.resolve walks the whole document for each alias: quadratic with many aliases
    const anchors = new Map<string, unknown>();
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) this.targets.set(node, anchors.get(node.source));
        else if (node.anchor) anchors.set(node.anchor, node);
      },
    });
  }

  locate(range: [number, number, number?] | null | undefined): SourceLocation | undefined {
    if (!range) return undefined;
    const start = this.lines.linePos(range[0]);
    const end = this.lines.linePos(range[1]);
    return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  }

  convert(node: unknown, depth = 0, inAlias = false): ConfigValue {
    if (depth > 200) return { kind: "null" };
    if (isAlias(node)) return this.convert(this.targets.get(node), depth + 1, true);
    if (inAlias && ++this.aliased > MAX_ALIASED_VALUES) throw new ExcessiveAliasingError();
    const at = this.locate((node as YamlNode | null)?.range);
    if (isScalar(node)) return scalarValue(node.value, at);
    if (isSeq(node)) return { kind: "table", items: node.items.map((item) => this.convert(item, depth + 1, inAlias)), fields: new Map(), at };
    if (isMap(node)) {
      const table: ConfigTable = { kind: "table", items: [], fields: new Map(), keyAt: new Map(), at };
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        // a YAML 1.1 merge key reads as Symbol(<<); a quoted "<<" is an ordinary key
        const merge = isScalar(pair.key) && typeof pair.key.value === "symbol";
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (merge) {
          // YAML 1.1 merge key: the merged mapping's keys come first, the map's own keys win
          for (const merged of isSeq(pair.value) ? pair.value.items : [pair.value]) {
            const value = this.convert(merged, depth + 1, inAlias);
            if (value.kind !== "table") continue;
            for (const [k, v] of value.fields) if (!table.fields.has(k)) table.fields.set(k, v);
          }
          continue;
        }
        table.fields.set(key, this.convert(pair.value, depth + 1, inAlias));
        const keyAt = this.locate((pair.key as YamlNode | null)?.range);
        if (keyAt) table.keyAt?.set(key, keyAt);
      }
      return table;
    }
    return { kind: "null", at };
  }
}

/** A scalar the `yaml` library resolved (null, boolean, number, bigint, Date, string) as a config value. */
export function scalarValue(value: unknown, at: SourceLocation | undefined): ConfigValue {
  if (value === null || value === undefined) return { kind: "null", at };
  if (typeof value === "boolean") return { kind: "boolean", value, at };
  if (typeof value === "number") return { kind: "number", value, at };
  if (typeof value === "bigint") return { kind: "number", value: Number(value), at };
  const text = value instanceof Date ? value.toISOString() : String(value);
  const placeholder = PLACEHOLDER.exec(text);
  return { kind: "string", value: text, at, ...(placeholder ? { placeholder: placeholder[0] } : {}) };
}
