import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { cosmiconfig } from "cosmiconfig";
import type { CosmiconfigResult } from "cosmiconfig";
import { ConfigError } from "../errors.js";
import { formatKeyPath, problemsOf } from "./issues.js";
import type { ConfigProblem } from "./issues.js";
import { configLoaders } from "./loaders.js";
import { configSchema } from "./schema.js";
import type { KplugConfig } from "./schema.js";
import { findSecret } from "./secrets.js";
import { didYouMean } from "./suggest.js";

export type { KplugConfig, PluginEntry } from "./schema.js";

export interface LoadedConfig {
  /** the config file, absolute */
  filepath: string;
  /** its directory: relative paths in the file were resolved against it */
  dir: string;
  config: KplugConfig;
}

export interface LoadConfigOptions {
  cwd: string;
  /** --config: load exactly this file (relative to cwd); no search */
  explicitPath?: string;
  /** when given, rule ids under `rules` must be among these */
  knownRuleIds?: string[];
}

/** Searched in each directory, in this order; the first that exists (and is not empty) wins. */
export const SEARCH_PLACES = [
  "package.json",
  ".kplugrc",
  ".kplugrc.json",
  ".kplugrc.yaml",
  ".kplugrc.yml",
  "kplug.config.json",
  "kplug.config.yaml",
  "kplug.config.yml",
  "kplug.config.js",
  "kplug.config.mjs",
  "kplug.config.ts",
];

/** Shown relative to cwd when inside it, like every other path kplug prints. */
function displayPath(filepath: string, cwd: string): string {
  const rel = relative(cwd, filepath);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : filepath;
}

/**
 * cwd, then each parent, up to and including the repository root (a directory holding `.git`) or the
 * home directory, whichever comes first; the filesystem root when neither is met. Done by hand
 * because cosmiconfig's "project" strategy stops at the first package.json (a package inside a
 * monorepo would hide the root's config) and "global" also reads ~/.config/kplug.
 */
export function searchDirectories(cwd: string, home = homedir()): string[] {
  const dirs: string[] = [];
  let dir = resolve(cwd);
  for (;;) {
    dirs.push(dir);
    const parent = dirname(dir);
    if (parent === dir || dir === home || existsSync(join(dir, ".git"))) return dirs;
    dir = parent;
  }
}

function fail(display: string, problem: ConfigProblem, more = 0): never {
  const where = problem.path.length > 0 ? `${formatKeyPath(problem.path)}: ` : "";
  const rest = more > 0 ? ` (+${more} more problem${more === 1 ? "" : "s"})` : "";
  throw new ConfigError(`${display}: ${where}${problem.problem}${rest}`, problem.hint);
}

function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}

/** Paths in the file are relative to the file's directory, so the config works from any cwd. */
function resolvePaths(config: KplugConfig, dir: string): KplugConfig {
  const plugins = config.plugins?.map((entry) => (typeof entry === "string" ? resolve(dir, entry) : { ...entry, path: resolve(dir, entry.path) }));
  const tokenFile = config.konnect?.tokenFile;
  return {
    ...config,
    ...(plugins ? { plugins } : {}),
    ...(config.konnect && tokenFile ? { konnect: { ...config.konnect, tokenFile: resolve(dir, expandHome(tokenFile)) } } : {}),
  };
}

function validate(raw: unknown, display: string, knownRuleIds: string[] | undefined): KplugConfig {
  // secrets first: a schema error must not be the message that mentions a token's key
  const secret = findSecret(raw);
  if (secret) fail(display, secret);
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems = problemsOf(parsed.error);
    fail(display, problems[0]!, problems.length - 1);
  }
  if (knownRuleIds && parsed.data.rules) {
    const unknown = Object.keys(parsed.data.rules).filter((id) => !knownRuleIds.includes(id));
    if (unknown[0] !== undefined) {
      const hint = didYouMean(unknown[0], knownRuleIds) ?? "kplug rules lists every rule id";
      fail(display, { path: ["rules", unknown[0]], problem: "unknown rule", hint }, unknown.length - 1);
    }
  }
  return parsed.data;
}

function explorer(cwd: string) {
  try {
    return cosmiconfig("kplug", {
      searchPlaces: SEARCH_PLACES,
      packageProp: "kplug",
      searchStrategy: "none",
      loaders: configLoaders((filepath) => displayPath(filepath, cwd)),
      cache: false,
      mergeSearchPlaces: false,
    });
  } catch (error) {
    // cosmiconfig reads its own meta config (package.json#cosmiconfig, .config/config.*) from the process cwd
    throw new ConfigError(`cannot set up the config search: ${String((error as Error).message).split("\n")[0]}`);
  }
}

function checkExplicit(path: string, given: string): void {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${given}: ${code === "ENOENT" ? "config file not found" : `cannot read the config file (${code ?? "error"})`}`, code === "ENOENT" ? "check the --config path" : undefined);
  }
  if (stats.isDirectory()) throw new ConfigError(`${given}: is a directory, not a config file`);
}

async function find(options: LoadConfigOptions): Promise<CosmiconfigResult> {
  const search = explorer(options.cwd);
  if (options.explicitPath !== undefined) {
    const path = resolve(options.cwd, options.explicitPath);
    checkExplicit(path, options.explicitPath);
    const result = await search.load(path);
    // an explicit file must say something, even if it is `{}`
    if (result === null) throw new ConfigError(`${options.explicitPath}: has no "kplug" key`);
    return result.isEmpty ? { filepath: result.filepath, config: {} } : result;
  }
  for (const dir of searchDirectories(options.cwd)) {
    const result = await search.search(dir);
    if (result) return result;
  }
  return null;
}

/**
 * The config for a run: `--config FILE` exactly, else the first config file found from cwd upward.
 * undefined when there is none. Every problem is a one-line ConfigError naming the file and key.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig | undefined> {
  let result: CosmiconfigResult;
  try {
    result = await find(options);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const e = error as { filepath?: string; message?: string };
    const where = e.filepath ? displayPath(e.filepath, options.cwd) : (options.explicitPath ?? "config");
    throw new ConfigError(`${where}: ${String(e.message ?? error).split("\n")[0]}`);
  }
  if (!result) return undefined;
  const dir = dirname(result.filepath);
  const config = validate(result.config, displayPath(result.filepath, options.cwd), options.knownRuleIds);
  return { filepath: result.filepath, dir, config: resolvePaths(config, dir) };
}
