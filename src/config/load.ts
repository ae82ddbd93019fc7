import { statSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError } from "../errors.js";
import type { KnownRuleIds } from "./read.js";
import type { KplugConfig } from "./schema.js";
import { configCandidates } from "./search.js";

export type { KplugConfig, PluginEntry } from "./schema.js";
export { SEARCH_PLACES, searchDirectories } from "./search.js";

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
  /** when given, rule ids under `rules` must be among these (a function: asked only when the file has `rules`) */
  knownRuleIds?: KnownRuleIds;
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

/**
 * The config for a run: `--config FILE` exactly, else the first config file found from cwd upward.
 * undefined when there is none. Every problem is a one-line ConfigError naming the file and key.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig | undefined> {
  const rules = options.knownRuleIds ? { knownRuleIds: options.knownRuleIds } : {};
  if (options.explicitPath !== undefined) {
    const path = resolve(options.cwd, options.explicitPath);
    checkExplicit(path, options.explicitPath);
    const { readConfigFile } = await import("./read.js");
    return readConfigFile(path, { cwd: options.cwd, given: options.explicitPath, ...rules });
  }
  for (const path of configCandidates(options.cwd)) {
    const { readConfigFile } = await import("./read.js");
    const loaded = await readConfigFile(path, { cwd: options.cwd, ...rules });
    if (loaded) return loaded;
  }
  return undefined;
}
