import type { Finding, Severity, Target } from "../rules/types.js";

/** A severity override from the config file or flags; "off" disables a rule. */
export type SeverityOverride = Severity | "off";

/** Where a plugin was found on disk, before its files are read. */
export interface PluginLocation {
  /** plugin directory, absolute */
  dir: string;
  /** schema.lua, absolute */
  schemaPath: string;
  /** the name the schema must declare: --name, the config's, or the directory name */
  name: string;
  target: Target;
}

/** The findings of one plugin. */
export interface PluginReport {
  name: string;
  /** plugin directory as shown to the user */
  dir: string;
  target: Target;
  findings: Finding[];
  errorCount: number;
  warningCount: number;
}

/** What `kplug validate` produces; every renderer (pretty, json, github, sarif) takes this. */
export interface ValidationReport {
  plugins: PluginReport[];
  errorCount: number;
  warningCount: number;
  /** true when errors were found, or warnings exceed --max-warnings */
  failed: boolean;
  /** set when --max-warnings was exceeded */
  maxWarningsExceeded?: { limit: number; found: number };
}
