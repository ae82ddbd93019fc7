import { pathToFileURL } from "node:url";
import type { Loader, Loaders } from "cosmiconfig";
import { ConfigError } from "../errors.js";
import { locateJsonError } from "./json-error.js";

/**
 * cosmiconfig loaders that fail with a one-line ConfigError naming the file (and line, for JSON and
 * YAML) instead of a parser's multi-line message: those quote the offending text, which may be a
 * secret, and end up printed with a stack.
 */

type Display = (filepath: string) => string;

// the first line of an error message, without the parser's source excerpt
const firstLine = (message: string): string => (message.split("\n")[0] ?? "").trim();

function json(display: Display): Loader {
  return (filepath, content) => {
    try {
      return JSON.parse(content) as unknown;
    } catch {
      const at = locateJsonError(content);
      throw new ConfigError(`${display(filepath)}: invalid JSON at line ${at.line}, column ${at.column}: ${at.reason}`);
    }
  };
}

function yaml(display: Display): Loader {
  return async (filepath, content) => {
    // loaded only for a YAML config: most runs have none, or a JSON one
    const { parse: parseYaml, YAMLParseError } = await import("yaml");
    try {
      // YAML 1.2 core schema: no custom tags, duplicate keys are errors
      return parseYaml(content) as unknown;
    } catch (error) {
      if (!(error instanceof YAMLParseError)) throw error;
      const at = error.linePos?.[0];
      // the reader recurses once per nesting level and reports the overflowed stack as a syntax error
      const reason = error.message.includes("Maximum call stack size exceeded")
        ? "nests lists or maps hundreds of levels deep, deeper than a YAML reader can follow"
        : firstLine(error.message).replace(/ at line \d+, column \d+:?$/, "");
      throw new ConfigError(`${display(filepath)}: invalid YAML${at ? ` at line ${at.line}, column ${at.col}` : ""}: ${reason}`);
    }
  };
}

type Importer = (href: string) => Promise<unknown>;

/**
 * bin/kplug.js runs kplug's bundle through vm.Script (for its V8 code cache), where import() is not
 * available on Node 20; the bin leaves Node's own import() on globalThis for this one use.
 */
function importModule(href: string): Promise<unknown> {
  const host = (globalThis as Record<symbol, Importer | undefined>)[Symbol.for("kplug.import")];
  return host ? host(href) : import(href);
}

async function importDefault(filepath: string): Promise<unknown> {
  const module = (await importModule(pathToFileURL(filepath).href)) as { default?: unknown };
  // `export default async () => …` is not supported, but a promised object is
  return await module.default;
}

function javascript(display: Display): Loader {
  return async (filepath) => {
    try {
      return await importDefault(filepath);
    } catch (error) {
      throw new ConfigError(`${display(filepath)}: the config threw while loading: ${firstLine(String((error as Error)?.message ?? error))}`, "run it with node to see the full error");
    }
  };
}

/**
 * kplug.config.ts: Node 20 cannot import TypeScript, so cosmiconfig compiles it with the `typescript`
 * package, which kplug does not ship (it is a devDependency). Node versions with built-in type
 * stripping import it directly.
 */
function typescript(display: Display): Loader {
  return async (filepath, content) => {
    const native = (process.features as { typescript?: unknown }).typescript;
    try {
      if (native) return await importDefault(filepath);
      const { defaultLoaders } = await import("cosmiconfig");
      return (await defaultLoaders[".ts"](filepath, content)) as unknown;
    } catch (error) {
      const e = error as { code?: string; message?: string };
      if ((e.code === "ERR_MODULE_NOT_FOUND" || e.code === "MODULE_NOT_FOUND") && /typescript/.test(e.message ?? "") && !native) {
        throw new ConfigError(`${display(filepath)}: loading a TypeScript config needs the "typescript" package, which kplug does not bundle`, "install typescript next to kplug, or rename the file to kplug.config.mjs");
      }
      throw new ConfigError(`${display(filepath)}: the config threw while loading: ${firstLine(String(e?.message ?? error))}`, "run it with node to see the full error");
    }
  };
}

// cosmiconfig would merge the files named by a top-level `$import` before kplug sees the config;
// that is not part of kplug's format, so it is refused rather than silently honoured.
function noImports(display: Display, loader: Loader): Loader {
  return async (filepath, content) => {
    const loaded: unknown = await loader(filepath, content);
    if (loaded !== null && typeof loaded === "object" && Object.hasOwn(loaded, "$import")) {
      throw new ConfigError(`${display(filepath)}: $import: unknown key`, "kplug config files cannot import other files");
    }
    return loaded;
  };
}

export function configLoaders(display: Display): Loaders {
  const js = noImports(display, javascript(display));
  const yml = noImports(display, yaml(display));
  return { ".json": noImports(display, json(display)), ".yaml": yml, ".yml": yml, noExt: yml, ".js": js, ".mjs": js, ".cjs": js, ".ts": noImports(display, typescript(display)), default: yml };
}
