import type { Fix, ReportedFix } from "../fix/types.js";
import type { LuaSource, SourceLocation } from "../lua/parse.js";

/** `info` never fails a run and is not counted as a problem. */
export type Severity = "error" | "warning" | "info";
/** How a plugin reaches data planes: `/plugin-schemas` (schema only) or `/custom-plugins` (streamed). */
export type Target = "schema" | "streamed";

/** A file of the plugin, read and decoded by the loader (bad files never get this far). */
export interface PluginFile {
  /** absolute path */
  path: string;
  /** path as shown to the user (relative to cwd when inside it) */
  displayPath: string;
  /** path relative to the plugin directory, with forward slashes */
  relPath: string;
  text: string;
  bytes: number;
}

/** A parsed Lua file of the plugin. */
export interface LuaModule {
  file: PluginFile;
  source: LuaSource;
}

/** Everything a rule may look at. Built once per plugin by the loader; rules never touch the disk. */
export interface PluginUnderTest {
  /** the plugin name the schema must declare (directory name, or --name / config) */
  name: string;
  /** plugin directory (absolute); for a lone schema.lua, its folder */
  dir: string;
  /** every entry below the plugin directory, relative, forward slashes, directories end with "/" */
  entries: string[];
  target: Target;
  strict: boolean;
  schema: LuaModule | undefined;
  handler: LuaModule | undefined;
  /** other .lua files of the plugin (for streamed rules; each one's text is read on first use) */
  otherLua: PluginFile[];
}

/** What a rule reports; the runner adds the rule id and the effective severity. */
export interface RuleReport {
  message: string;
  /** the fix, in one line */
  hint?: string;
  file: PluginFile;
  location?: SourceLocation;
  /** overrides the rule's default severity for this one finding (e.g. a Kong module require is a warning) */
  severity?: Severity;
  /** a certain fix, as edits of `file` (`validate --fix` applies it) */
  fix?: Fix;
}

export interface Rule {
  /** stable id, kebab-case, grouped by prefix: konnect/…, schema/…, streamed/…, handler/… */
  id: string;
  defaultSeverity: Severity;
  /** one line: what the rule checks */
  title: string;
  /** why it matters, for the README table */
  why: string;
  /** where the rule comes from (docs URL or Kong source path) */
  source: string;
  /** runs only when the config's `rules` sets a severity for it */
  offByDefault?: boolean;
  /** only run for these targets (default: all) */
  targets?: Target[];
  check(plugin: PluginUnderTest, report: (finding: RuleReport) => void): void;
}

/** A finding as reported to users and machines. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  hint?: string;
  /** display path */
  file: string;
  location?: SourceLocation;
  docs: string;
  /** the certain fix `validate --fix` applies, in `file` */
  fix?: ReportedFix;
}
