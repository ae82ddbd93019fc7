import type { ConfigCheckResult } from "../plugin-config/check-deck.js";
import type { PluginUnderTest } from "../rules/types.js";
import { sortFindings } from "./run.js";
import type { PluginReport, SeverityOverride, ValidationReport } from "./types.js";

/**
 * The validation report with the decK config findings added: each plugin's instances under that
 * plugin, findings about no local plugin under the decK file itself; counts and `failed` recomputed.
 * Config overrides (`rules: { "config/deprecated": "off" }`) apply as to any rule.
 */
export function withConfigFindings(report: ValidationReport, result: ConfigCheckResult, options: { overrides?: Record<string, SeverityOverride>; maxWarnings?: number | undefined; plugins: readonly PluginUnderTest[] }): ValidationReport {
  const overrides = options.overrides ?? {};
  const adjust = (findings: PluginReport["findings"]): PluginReport["findings"] =>
    findings.filter((f) => overrides[f.ruleId] !== "off").map((f) => {
      const override = overrides[f.ruleId];
      return override === "error" || override === "warning" || override === "info" ? { ...f, severity: override } : f;
    });
  const plugins: PluginReport[] = report.plugins.map((plugin) => {
    const added = adjust(result.findings.get(plugin.name) ?? []);
    if (added.length === 0) return plugin;
    const findings = sortFindings([...plugin.findings, ...added]);
    return { ...plugin, findings, ...counts(findings) };
  });
  const orphans = adjust(result.orphanFindings);
  for (const file of new Set(orphans.map((f) => f.file))) {
    const findings = sortFindings(orphans.filter((f) => f.file === file));
    plugins.push({ name: file, dir: file, target: options.plugins[0]?.target ?? "schema", findings, ...counts(findings), internalErrors: [] });
  }
  const errorCount = plugins.reduce((n, p) => n + p.errorCount, 0);
  const warningCount = plugins.reduce((n, p) => n + p.warningCount, 0);
  const limit = options.maxWarnings;
  const tooManyWarnings = limit !== undefined && limit >= 0 && warningCount > limit;
  const { maxWarningsExceeded: _dropped, ...rest } = report;
  return {
    ...rest,
    plugins,
    errorCount,
    warningCount,
    failed: errorCount > 0 || tooManyWarnings,
    ...(tooManyWarnings ? { maxWarningsExceeded: { limit, found: warningCount } } : {}),
    configs: result.summary,
  };
}


function counts(findings: PluginReport["findings"]): { errorCount: number; warningCount: number } {
  return { errorCount: findings.filter((f) => f.severity === "error").length, warningCount: findings.filter((f) => f.severity === "warning").length };
}
