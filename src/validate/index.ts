import type { Target } from "../rules/types.js";
import { discoverPlugins } from "./discover.js";
import { loadPlugin } from "./load.js";
import { validatePlugins } from "./run.js";
import type { RunOptions } from "./run.js";
import type { ValidationReport } from "./types.js";

export { discoverPlugins } from "./discover.js";
export type { DiscoverOptions } from "./discover.js";
export { loadPlugin } from "./load.js";
export type { LoadOptions } from "./load.js";
export { sortFindings, validatePlugins } from "./run.js";
export type { RunOptions } from "./run.js";
export { ruleAnchor, ruleDocsUrl } from "./rule-docs.js";
export type { PluginLocation, PluginReport, SeverityOverride, ValidationReport } from "./types.js";

export interface ValidatePathsOptions extends RunOptions {
  cwd: string;
  target: Target;
  strict: boolean;
  name?: string;
}

/** discover → load → run, for callers that start from paths (tests, benches, the demo). */
export async function validatePaths(inputs: string[], options: ValidatePathsOptions): Promise<ValidationReport> {
  const { cwd, target, strict, name, ...run } = options;
  const locations = await discoverPlugins(inputs, { cwd, target, ...(name === undefined ? {} : { name }) });
  const plugins = [];
  for (const location of locations) plugins.push(await loadPlugin(location, { strict, cwd }));
  return validatePlugins(plugins, run);
}
