import type { ConfigCheckSummary } from "../plugin-config/check-deck.js";
import type { Severity, Target } from "../rules/types.js";
import type { ValidationReport } from "../validate/types.js";
import { version } from "../version.js";

/**
 * `kplug validate --format json`: a stable, documented contract for scripts. Fields are only ever
 * added; a breaking change bumps `version`. Absent values are `null`, never missing keys.
 */
export interface JsonValidationReport {
  version: 1;
  tool: { name: "kplug"; version: string };
  plugins: JsonPluginReport[];
  summary: JsonSummary;
  /** with --deck: the plugin instances checked and not checked, and values not checkable offline; null otherwise */
  configs: ConfigCheckSummary | null;
}

export interface JsonPluginReport {
  name: string;
  /** plugin directory as shown to the user (relative to the working directory when inside it) */
  dir: string;
  target: Target;
  errors: number;
  warnings: number;
  findings: JsonFinding[];
  /** rules that failed on this plugin (a bug in kplug; the exit code is then 70) */
  internalErrors: JsonInternalError[];
}

export interface JsonInternalError {
  ruleId: string;
  /** file path as shown to the user */
  file: string;
  message: string;
}

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  hint: string | null;
  /** file path as shown to the user */
  file: string;
  /** 1-based; columns count UTF-16 code units, endColumn is exclusive; all null when the finding has no position */
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  /** where the rule is documented */
  docs: string;
  /** the certain fix `--fix` applies: edits of `file` (ranges as above; text replaces the range) */
  fix: JsonFix | null;
}

export interface JsonFix {
  description: string;
  edits: { line: number; column: number; endLine: number; endColumn: number; text: string }[];
}

export interface JsonSummary {
  /** plugins validated */
  plugins: number;
  errors: number;
  warnings: number;
  /** internal errors over all plugins: kplug exits 70 when there is any */
  internalErrors: number;
  /** true when kplug exits non-zero: errors, more warnings than maxWarnings allows, or internal errors */
  failed: boolean;
  /** set when there were more warnings than maxWarnings allows */
  maxWarningsExceeded: { limit: number; found: number } | null;
}

/** Builds the JSON object (exported so callers embedding it elsewhere need not re-parse). */
export function toJsonReport(report: ValidationReport): JsonValidationReport {
  return {
    version: 1,
    tool: { name: "kplug", version },
    plugins: report.plugins.map((plugin) => ({
      name: plugin.name,
      dir: plugin.dir,
      target: plugin.target,
      errors: plugin.errorCount,
      warnings: plugin.warningCount,
      findings: plugin.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        hint: f.hint ?? null,
        file: f.file,
        line: f.location?.line ?? null,
        column: f.location?.column ?? null,
        endLine: f.location?.endLine ?? null,
        endColumn: f.location?.endColumn ?? null,
        docs: f.docs,
        fix: f.fix ? { description: f.fix.description, edits: f.fix.edits.map((e) => ({ line: e.range.line, column: e.range.column, endLine: e.range.endLine, endColumn: e.range.endColumn, text: e.text })) } : null,
      })),
      internalErrors: plugin.internalErrors.map(({ ruleId, file, message }) => ({ ruleId, file, message })),
    })),
    summary: {
      plugins: report.plugins.length,
      errors: report.errorCount,
      warnings: report.warningCount,
      internalErrors: report.internalErrorCount,
      failed: report.failed,
      maxWarningsExceeded: report.maxWarningsExceeded ? { ...report.maxWarningsExceeded } : null,
    },
    configs: report.configs ?? null,
  };
}

/** The JSON report, pretty-printed, ending with a newline. */
export function renderJson(report: ValidationReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
