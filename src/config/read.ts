import { homedir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { CosmiconfigResult, Loaders } from "cosmiconfig";
import { loadJsonDirectly } from "./direct-json.js";
import { ConfigError } from "../errors.js";
import { formatKeyPath, problemsOf } from "./issues.js";
import type { ConfigProblem } from "./issues.js";
import { configLoaders } from "./loaders.js";
import { configSchema } from "./schema.js";
import type { KplugConfig } from "./schema.js";
import { SEARCH_PLACES } from "./search.js";
import { findSecret } from "./secrets.js";
import { didYouMean } from "./suggest.js";
import type { LoadedConfig } from "./load.js";

/** Shown relative to cwd when inside it, like every other path kplug prints. */
export function displayPath(filepath: string, cwd: string): string {
  const rel = relative(cwd, filepath);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : filepath;
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

/** the rule ids a config may name, or how to get them (loading every rule only for a file with `rules`) */
export type KnownRuleIds = readonly string[] | (() => Promise<readonly string[]>);

function validate(raw: unknown, display: string): KplugConfig {
  // secrets first: a schema error must not be the message that mentions a token's key
  const secret = findSecret(raw);
  if (secret) fail(display, secret);
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems = problemsOf(parsed.error);
    fail(display, problems[0]!, problems.length - 1);
  }
  return parsed.data;
}

async function checkRuleIds(config: KplugConfig, display: string, known: KnownRuleIds | undefined): Promise<void> {
  if (!known || !config.rules) return;
  const knownRuleIds = typeof known === "function" ? await known() : known;
  const unknown = Object.keys(config.rules).filter((id) => !knownRuleIds.includes(id));
  if (unknown[0] !== undefined) {
    const hint = didYouMean(unknown[0], knownRuleIds) ?? "kplug rules lists every rule id";
    fail(display, { path: ["rules", unknown[0]], problem: "unknown rule", hint }, unknown.length - 1);
  }
}

async function explorer(loaders: Loaders) {
  const { cosmiconfig } = await import("cosmiconfig");
  try {
    return cosmiconfig("kplug", {
      searchPlaces: SEARCH_PLACES,
      packageProp: "kplug",
      searchStrategy: "none",
      loaders,
      cache: false,
      mergeSearchPlaces: false,
    });
  } catch (error) {
    // cosmiconfig reads its own meta config (package.json#cosmiconfig, .config/config.*) from the process cwd
    throw new ConfigError(`cannot set up the config search: ${String((error as Error).message).split("\n")[0]}`);
  }
}

/**
 * Loads and validates one config file. undefined when the file turns out to hold nothing (an empty
 * YAML document, say) and it was found by searching; an explicit file must say something.
 */
export async function readConfigFile(path: string, options: { cwd: string; given?: string; knownRuleIds?: KnownRuleIds }): Promise<LoadedConfig | undefined> {
  let result;
  try {
    const loaders = configLoaders((filepath) => displayPath(filepath, options.cwd));
    const direct: CosmiconfigResult | undefined = await loadJsonDirectly(path, loaders);
    result = direct !== undefined ? direct : await (await explorer(loaders)).load(path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const e = error as { filepath?: string; message?: string };
    const where = e.filepath ? displayPath(e.filepath, options.cwd) : (options.given ?? displayPath(path, options.cwd));
    throw new ConfigError(`${where}: ${String(e.message ?? error).split("\n")[0]}`);
  }
  if (options.given !== undefined) {
    if (result === null) throw new ConfigError(`${options.given}: has no "kplug" key`);
  } else if (result === null || result.isEmpty) {
    return undefined;
  }
  const raw: unknown = result.isEmpty ? {} : result.config;
  const dir = dirname(result.filepath);
  const display = displayPath(result.filepath, options.cwd);
  const config = validate(raw, display);
  await checkRuleIds(config, display, options.knownRuleIds);
  return { filepath: result.filepath, dir, config: resolvePaths(config, dir) };
}
