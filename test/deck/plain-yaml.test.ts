import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readPlainJson } from "../../src/deck/plain-json.js";
import { readPlainYaml } from "../../src/deck/plain-yaml.js";
import { parseDeckDocuments } from "../../src/deck/read.js";
import type { ConfigValue } from "../../src/plugin-config/value.js";

// The fast readers of plain decK YAML and JSON (src/deck/plain-yaml.ts, plain-json.ts) must build
// exactly what the `yaml` library's documents build (read.ts parseDeckDocuments): the same values, key
// order and line:column ranges of every value and key, or decline (undefined) so that the `yaml`
// library reads the file.

/** The first difference between two config values, everything compared (ranges, key order, keyAt). */
function difference(a: ConfigValue | undefined, b: ConfigValue | undefined, path = "$"): string | undefined {
  if (a === undefined || b === undefined) return a === b ? undefined : `${path}: only one side has a value`;
  const at = (v: ConfigValue): string => (v.at ? `${v.at.line}:${v.at.column}-${v.at.endLine}:${v.at.endColumn}` : "none");
  if (a.kind !== b.kind) return `${path}: ${a.kind} vs ${b.kind}`;
  if (at(a) !== at(b)) return `${path}: at ${at(a)} vs ${at(b)}`;
  if (a.kind === "table" && b.kind === "table") {
    if (a.items.length !== b.items.length) return `${path}: ${a.items.length} vs ${b.items.length} items`;
    for (let i = 0; i < a.items.length; i++) {
      const inner = difference(a.items[i], b.items[i], `${path}[${i}]`);
      if (inner) return inner;
    }
    const keys = (t: typeof a): string => [...t.fields.keys()].join("|");
    if (keys(a) !== keys(b)) return `${path}: keys ${keys(a)} vs ${keys(b)}`;
    for (const key of a.fields.keys()) {
      const inner = difference(a.fields.get(key), b.fields.get(key), `${path}.${key}`);
      if (inner) return inner;
    }
    const keyAt = (t: typeof a): string => [...(t.keyAt ?? new Map())].map(([k, v]) => `${k}@${v.line}:${v.column}-${v.endLine}:${v.endColumn}`).join("|");
    return keyAt(a) === keyAt(b) ? undefined : `${path}: key ranges ${keyAt(a)} vs ${keyAt(b)}`;
  }
  if (a.kind === "null" || b.kind === "null" || a.kind === "table" || b.kind === "table") return undefined;
  if (!Object.is(a.value, b.value)) return `${path}: ${String(a.value)} vs ${String(b.value)}`;
  const placeholder = (v: ConfigValue): string | undefined => (v.kind === "string" ? v.placeholder : undefined);
  return placeholder(a) === placeholder(b) ? undefined : `${path}: placeholder`;
}

/** A reproducible random source (a linear congruential generator) and a picker over it. */
function seeded(start: number): { random: () => number; pick: <T>(list: readonly T[]) => T } {
  let seed = start;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return { random, pick: (list) => list[Math.floor(random() * list.length)] as (typeof list)[number] };
}

/** The fast reader's verdict on a text: "declined", or the difference from the yaml library's reading ("" when none). */
function compare(text: string, reader: (text: string) => ConfigValue | undefined = readPlainYaml): string {
  const fast = reader(text);
  if (!fast) return "declined";
  let full: ConfigValue[];
  try {
    full = parseDeckDocuments(text, "kong.yaml");
  } catch (error) {
    return `the yaml library refuses what the fast reader read: ${(error as Error).message}`;
  }
  if (full.length !== 1) return `the yaml library reads ${full.length} documents`;
  return difference(fast, full[0]) ?? "";
}

describe("the plain decK YAML reader", () => {
  it("reads the decK fixtures as the yaml library does", () => {
    for (const file of ["fixtures/deck/kong.yaml", "fixtures/examples/kong.yaml"]) {
      expect(compare(readFileSync(file, "utf8")), file).toBe("");
    }
  });

  it("resolves plain scalars and keys with the yaml library's YAML 1.1 tags", () => {
    const text = [
      "a: yes", "b: No", "c: ~", "d: null", "e: 0x1F", "f: 017", "g: 1_000", "h: 1e3", "i: .inf", "j: -.5", "k: 2001-12-14",
      "l: 12:30:00", "m: +1", "n: -0", "o: on", "p: 0b101", "q: 1.5", "r: '1'", 's: "true"', "yes: key-true", "1: number-key",
      "null: null-key", "~k: tilde", "u: ${{ env \"DECK_U\" }}", "v: a#b", "w: http://x.internal:8000/p", "x: [yes, ~, 0x10, 'q', \"d\"]",
      "y: {on: 1, \"k\": .NaN}", 'z: "\\u00e9\\n\\"\\\\\\/\\b\\f\\r\\t\\ud83d\\ude00"', "aa: 'it''s'", "ab: value   # comment", "ac: [ a , b ]  # c", "ad: []", "ae: {}",
    ].join("\n");
    expect(compare(`${text}\n`)).toBe("");
    expect(compare(text)).toBe("");
  });

  it("declines what it does not model, so that the yaml library decides (and reports its errors)", () => {
    const declined = [
      "a: &x 1\nb: *x\n", // anchors and aliases
      "a: !!str 1\n", // tags
      "a: |\n  text\n", // block scalars
      "a: >\n  text\n",
      "a: one\n  two\n", // a multi-line plain scalar
      "a: \"one\n  two\"\n", // a multi-line quoted scalar
      "a: [1,\n  2]\n", // a multi-line flow collection
      "a: 1\n---\nb: 2\n", // several documents
      "a:\n\tb: 1\n", // tabs
      "a:\n", // an empty value
      "a:\n  b: 1\n    # more indented than what follows\nc: 2\n", // comments that change a range
      "a:\n  b: 1\n  # trailing, not at column 1\n",
      "<<: {a: 1}\n", // merge keys
      "- a\n", // not a mapping
      "a: b: c\n", // errors
      "a: 1\n b: 2\n",
      'a: "\\x41"\n', // YAML-only escapes
      "a: [http://x]\n", // ":" in a flow scalar
      "? a\n: 1\n",
      "a:\r\n  b: 1\r\n",
    ];
    for (const text of declined) expect(compare(text), JSON.stringify(text)).toBe("declined");
  });

  it("reads generated decK-like files exactly as the yaml library does, or declines them", () => {
    const { random, pick } = seeded(20261130);
    const scalars = [
      "plain", "two words", "yes", "no", "~", "null", "3", "-7", "1.5", "0x1F", "1_000", ".inf", "2001-12-14", "a#b", "http://h:1/p", "x]y", "it's",
      '"quoted"', '"with \\"escape\\""', '"\\u00e9"', "'single'", "'it''s'", '"${{ env \\"DECK_A\\" }}"', "${{ env \"DECK_B\" }}", '""', "''", "on", "Off",
    ];
    const keys = ["name", "config", "a.b", "x-y", "yes", "on", "1", "null", '"quoted key"', "'single key'", "_k", "k$"];
    const pad = (n: number): string => " ".repeat(n);
    const comment = (): string => (random() < 0.2 ? `${pad(1 + Math.floor(random() * 3))}# note` : "");
    const trailing = (): string => (random() < 0.15 ? pad(1 + Math.floor(random() * 2)) : "");
    const flow = (depth: number): string => {
      if (depth > 1 || random() < 0.6) return pick(scalars.filter((s) => !/[#:\]]|^'|it's|\$\{\{/.test(s)));
      return random() < 0.5 ? `[${Array.from({ length: Math.floor(random() * 3) }, () => flow(depth + 1)).join(pick([", ", " , ", ","]))}]` : `{${Array.from({ length: Math.floor(random() * 3) }, (_, i) => `k${i}: ${flow(depth + 1)}`).join(", ")}}`;
    };
    /** lines of a block value at `indent`; `first` prefixes its first line (a "- " of the parent sequence) */
    const block = (indent: number, depth: number): string[] => {
      const out: string[] = [];
      const extras = (): void => {
        if (random() < 0.1) out.push("");
        if (random() < 0.1) out.push(`${pad(random() < 0.8 ? indent : Math.floor(random() * 8))}# a comment`);
      };
      if (depth > 0 && random() < 0.35) {
        const n = 1 + Math.floor(random() * 3);
        for (let i = 0; i < n; i++) {
          if (i > 0) extras();
          if (depth < 4 && random() < 0.5) {
            const inner = block(indent + 2, depth + 1);
            if (inner.length === 0 || inner[0]?.trimStart().startsWith("- ") || inner[0]?.trim() === "" || inner[0]?.trimStart().startsWith("#")) out.push(`${pad(indent)}- ${scalarText()}${comment()}`);
            else out.push(`${pad(indent)}- ${(inner[0] as string).trimStart()}`, ...inner.slice(1));
          } else out.push(`${pad(indent)}- ${random() < 0.3 ? flow(0) : scalarText()}${trailing()}${comment()}`);
        }
        return out;
      }
      const n = 1 + Math.floor(random() * 4);
      for (let i = 0; i < n; i++) {
        if (i > 0) extras();
        const key = pick(keys);
        if (depth < 4 && random() < 0.4) {
          out.push(`${pad(indent)}${key}:${comment()}`);
          const sameColumn = random() < 0.3;
          const inner = block(sameColumn ? indent : indent + 2, depth + 1);
          // a sequence may stand at its key's column; a mapping may not
          if (sameColumn && !inner[0]?.trimStart().startsWith("- ")) out.push(...block(indent + 2, depth + 1));
          else out.push(...inner);
        } else out.push(`${pad(indent)}${key}: ${random() < 0.25 ? flow(0) : scalarText()}${trailing()}${comment()}`);
      }
      return out;
    };
    const scalarText = (): string => pick(scalars);
    let read = 0;
    for (let i = 0; i < 400; i++) {
      const lines = [...(random() < 0.3 ? ["# header", ""] : []), ...block(0, 0), ...(random() < 0.2 ? ["# end"] : [])];
      const text = lines.join("\n") + (random() < 0.8 ? "\n" : "");
      const verdict = compare(text);
      if (verdict !== "declined") {
        read++;
        expect(verdict, text).toBe("");
      }
    }
    // most generated files are plain decK YAML: the comparison above is not vacuous
    expect(read).toBeGreaterThan(200);
  });
});

describe("the plain decK JSON reader", () => {
  it("reads the JSON fixture as the yaml library does", () => {
    expect(compare(readFileSync("fixtures/deck/kong-1.1.json", "utf8"), readPlainJson)).toBe("");
  });

  it("declines what is not plain JSON with an object at the top", () => {
    for (const text of ["[1]", '{"a": 1} x', '{"a": 1,}', '{"a": .5}', '{"a": 01}', "{'a': 1}", '{"a":\t1}', '{"a": "\\x41"}', '{"a": tru}', '{"a" 1}', "{a: 1}", '{"a": [1 2]}']) {
      expect(compare(text, readPlainJson), text).toBe("declined");
    }
  });

  it("reads generated JSON exactly as the yaml library does", () => {
    const { random, pick } = seeded(424242);
    const scalars: unknown[] = ["s", "", "yes", "~", "a\"b\\c/\u00e9\n", "${{ env \"DECK_A\" }}", "{vault://env/x}", "2001-12-14", 0, -0, 1, -7, 1.5, 1e21, 123456789012345680000, -2.5e-7, true, false, null];
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.5) return pick(scalars);
      if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, (_, i) => [pick(["name", "config", "k", "yes", "a b", "1", `k${i}`]), value(depth + 1)]));
    };
    let read = 0;
    for (let i = 0; i < 300; i++) {
      const doc = { _format_version: "3.0", plugins: [value(0), value(0)], services: value(1) };
      const text = JSON.stringify(doc, null, pick([undefined, 2, 4])) + (random() < 0.5 ? "\n" : "");
      const verdict = compare(text, readPlainJson);
      if (verdict !== "declined") read++;
      expect(verdict, text).toBe("");
    }
    expect(read).toBe(300);
  });
});
