import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import { InputError } from "../errors.js";
import type { ConfigTable, ConfigValue } from "../plugin-config/value.js";
import { inputErrorFor } from "../validate/fs-errors.js";
import { displayPathOf } from "../validate/read-plugin-file.js";
import { readPlainJson } from "./plain-json.js";
import { readPlainYaml } from "./plain-yaml.js";
import { ExcessiveAliasingError, MAX_ALIASED_VALUES, YamlConverter } from "./yaml-values.js";

/** A decK state file, parsed: one root table per YAML document. */
export interface DeckFile {
  path: string;
  displayPath: string;
  text: string;
  documents: ConfigTable[];
}

/**
 * The YAML reader keeps source positions (for line:column findings) at roughly 100 bytes of memory per
 * byte read: 8 MiB (tens of thousands of plugin instances) stays under a gigabyte; larger state is split.
 */
export const MAX_DECK_BYTES = 8 * 1024 * 1024;
const GLOB_SYNTAX = /[*?[\]{}!()]/;

/** The files the --deck inputs name (paths or globs), each once, in order. */
export async function resolveDeckInputs(inputs: string[], cwd: string): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const input of inputs) {
    const absolute = resolve(cwd, input);
    let paths = [absolute];
    const exists = await stat(absolute).then(() => true, () => false);
    if (!exists && GLOB_SYNTAX.test(input)) {
      const { glob } = await import("tinyglobby");
      paths = (await glob(input, { cwd, absolute: true, onlyFiles: true, ignore: ["**/node_modules/**", "**/.git/**"] })).sort();
      if (paths.length === 0) throw new InputError(input, "the --deck glob matched no file", "check the pattern, and quote it so that the shell does not expand it first");
    }
    for (const path of paths) {
      if (seen.has(path)) continue;
      seen.add(path);
      out.push(path);
    }
  }
  return out;
}

export async function readDeckFile(path: string, cwd: string): Promise<DeckFile> {
  const displayPath = displayPathOf(path, cwd);
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(displayPath, "is a directory, not a decK file", "pass a decK state file (kong.yaml or kong.json) to --deck");
    // a FIFO would block forever and /dev/zero never ends: only regular files are read
    if (!info.isFile()) throw new InputError(displayPath, "is not a regular file", "pass a decK state file (kong.yaml or kong.json) to --deck");
    if (info.size > MAX_DECK_BYTES) throw new InputError(displayPath, `is ${info.size.toLocaleString("en-US")} bytes, over the 8 MiB limit for a decK file`, "split the state into several files and pass each with --deck");
    text = (await readFile(path, "utf8")).replace(/^\uFEFF/, "");
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw inputErrorFor(displayPath, error);
  }
  return { path, displayPath, text, documents: parseDeck(text, displayPath) };
}

/** YAML or JSON (JSON is YAML) → one table per document; a syntax error is an InputError at line:column. */
export function parseDeck(text: string, displayPath: string): ConfigTable[] {
  const plain = /^\s*\{/.test(text) ? readPlainJson(text) : readPlainYaml(text);
  if (plain) return [plain];
  return parseDeckDocuments(text, displayPath);
}

/** parseDeck through the `yaml` library's documents: every YAML feature, several documents, its error messages. */
export function parseDeckDocuments(text: string, displayPath: string): ConfigTable[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, version: "1.1", uniqueKeys: false });
  if (!Array.isArray(docs)) return [];
  const tables: ConfigTable[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const pos = lines.linePos(error.pos[0]);
      const where = `${displayPath}:${pos.line}:${pos.col}`;
      // the yaml reader recurses once per nesting level and reports the overflowed stack as a syntax error
      if (error.message.includes("Maximum call stack size exceeded")) {
        throw new InputError(where, "nests lists or maps hundreds of levels deep, deeper than a YAML reader can follow", "decK state nests a few levels: look for an unclosed `[` or `{`, or a run of `- ` on one line");
      }
      throw new InputError(where, `not valid YAML or JSON: ${error.message.split("\n")[0]}`, "fix the syntax; `deck file validate` reports the same");
    }
    if (doc.contents === null) continue;
    let value: ConfigValue;
    try {
      value = new YamlConverter(doc, lines).convert(doc.contents);
    } catch (error) {
      if (!(error instanceof ExcessiveAliasingError)) throw error;
      throw new InputError(displayPath, `expands to more than ${MAX_ALIASED_VALUES} values through YAML aliases (excessive aliasing, as decK's YAML reader refuses too)`, "write the repeated parts out, or alias fewer times");
    }
    if (value.kind !== "table" || value.items.length > 0) {
      throw new InputError(displayPath, "is not a decK state file: a document is not a mapping", "a decK file is a mapping with _format_version, services, plugins…");
    }
    tables.push(value);
  }
  return tables;
}
