import { allRules } from "../rules/all-rules.js";
import { displayDirOf } from "../rules/plugin-files.js";
import { isPluginSetRule } from "../rules/plugin-set-rule.js";
import type { Finding, PluginUnderTest, Rule, RuleReport } from "../rules/types.js";
import { ruleDocsUrl } from "./rule-docs.js";
import type { PluginReport, SeverityOverride, ValidationReport } from "./types.js";

export interface RunOptions {
  /** default: allRules */
  rules?: readonly Rule[];
  /** rule id → severity for all its findings, or "off" to skip the rule */
  overrides?: Record<string, SeverityOverride>;
  /** fail when there are more warnings than this; undefined or negative: no limit */
  maxWarnings?: number;
}

/**
 * Runs the rules over the plugins and builds the report the renderers take. Pure: no I/O.
 * A rule runs for a plugin when its `targets` include the plugin's target; `--strict` is seen by
 * the rules themselves (plugin.strict); an override replaces the severity of every finding of a rule.
 */
export function validatePlugins(plugins: readonly PluginUnderTest[], options: RunOptions = {}): ValidationReport {
  const overrides = options.overrides ?? {};
  // a rule that is off by default runs once the config gives it a severity
  const rules = (options.rules ?? allRules).filter((rule) => overrides[rule.id] !== "off" && (!rule.offByDefault || overrides[rule.id] !== undefined));
  const findings = new Map<PluginUnderTest, Finding[]>(plugins.map((plugin) => [plugin, []]));
  const add = (rule: Rule, plugin: PluginUnderTest, report: RuleReport): void => {
    findings.get(plugin)?.push(toFinding(rule, report, overrides[rule.id]));
  };
  for (const rule of rules) {
    if (isPluginSetRule(rule)) {
      rule.checkPlugins(plugins.filter((plugin) => appliesTo(rule, plugin)), (plugin, report) => add(rule, plugin, report));
      continue;
    }
    for (const plugin of plugins) {
      if (appliesTo(rule, plugin)) rule.check(plugin, (report) => add(rule, plugin, report));
    }
  }
  const reports = plugins.map((plugin) => pluginReport(plugin, sortFindings(findings.get(plugin) ?? [])));
  const errorCount = sum(reports.map((r) => r.errorCount));
  const warningCount = sum(reports.map((r) => r.warningCount));
  const limit = options.maxWarnings;
  const tooManyWarnings = limit !== undefined && limit >= 0 && warningCount > limit;
  return {
    plugins: reports,
    errorCount,
    warningCount,
    failed: errorCount > 0 || tooManyWarnings,
    ...(tooManyWarnings ? { maxWarningsExceeded: { limit, found: warningCount } } : {}),
  };
}

function appliesTo(rule: Rule, plugin: PluginUnderTest): boolean {
  return !rule.targets || rule.targets.includes(plugin.target);
}

function toFinding(rule: Rule, report: RuleReport, override: SeverityOverride | undefined): Finding {
  return {
    ruleId: rule.id,
    severity: override !== undefined && override !== "off" ? override : (report.severity ?? rule.defaultSeverity),
    message: report.message,
    ...(report.hint ? { hint: report.hint } : {}),
    file: report.file.displayPath,
    ...(report.location ? { location: report.location } : {}),
    docs: ruleDocsUrl(rule.id),
  };
}

/** By file, then line and column; a finding about a whole file comes before those inside it. Stable for ties. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => {
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    const lineA = a.location?.line ?? 0;
    const lineB = b.location?.line ?? 0;
    if (lineA !== lineB) return lineA - lineB;
    return (a.location?.column ?? 0) - (b.location?.column ?? 0);
  });
}

function pluginReport(plugin: PluginUnderTest, findings: Finding[]): PluginReport {
  const errorCount = findings.filter((f) => f.severity === "error").length;
  const warningCount = findings.filter((f) => f.severity === "warning").length;
  return {
    name: plugin.name,
    dir: displayDirOf(plugin),
    target: plugin.target,
    findings,
    errorCount,
    warningCount,
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
