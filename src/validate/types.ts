import type { ConfigCheckSummary } from "../plugin-config/check-deck.js";
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
  /** rules that failed on this plugin (bugs in kplug: exit code 70) */
  internalErrors: InternalFailure[];
}

/** A rule that threw while checking a plugin. */
export interface InternalFailure {
  ruleId: string;
  /** the plugin's schema.lua (or its directory) as shown to the user */
  file: string;
  message: string;
  stack?: string;
}

/** What `kplug validate` produces; every renderer (pretty, json, github, sarif) takes this. */
export interface ValidationReport {
  plugins: PluginReport[];
  errorCount: number;
  warningCount: number;
  /** internal errors over all plugins; kplug then exits 70 after reporting everything else */
  internalErrorCount: number;
  /** true when errors were found, warnings exceed --max-warnings, or a rule failed */
  failed: boolean;
  /** set when --max-warnings was exceeded */
  maxWarningsExceeded?: { limit: number; found: number };
  /** set when decK files were checked (--deck): what was checked, what was not, what could not be decided */
  configs?: ConfigCheckSummary;
}
