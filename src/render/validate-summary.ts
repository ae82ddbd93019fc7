import type { ValidationReport } from "../validate/types.js";

/** "1 error", "2 errors" */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The closing line of a validation run, without color, shared by the pretty and GitHub renderers so
 * both say the same thing: `✖ 3 problems (2 errors, 1 warning) in 2 plugins` / `✔ 3 plugins valid, no problems`.
 */
export function summaryLine(report: ValidationReport): string {
  const problems = report.errorCount + report.warningCount;
  if (problems === 0) return `✔ ${plural(report.plugins.length, "plugin")} valid, no problems`;
  const withFindings = report.plugins.filter((p) => p.findings.length > 0).length;
  return `✖ ${plural(problems, "problem")} (${plural(report.errorCount, "error")}, ${plural(report.warningCount, "warning")}) in ${plural(withFindings, "plugin")}`;
}

/** Set only when --max-warnings (or the config's maxWarnings) was exceeded. */
export function maxWarningsLine(report: ValidationReport): string | undefined {
  const exceeded = report.maxWarningsExceeded;
  if (!exceeded) return undefined;
  return `✖ too many warnings: ${exceeded.found} found, max-warnings is ${exceeded.limit}`;
}

/** Set only with --deck: what the config check covered, e.g. `decK: 12 plugin instances in 1 file: 9 checked, 3 not checked (cors ×2, …)`. */
export function configLine(report: ValidationReport): string | undefined {
  const configs = report.configs;
  if (!configs) return undefined;
  const unchecked = configs.instances - configs.checked;
  const names = configs.notChecked.map((n) => `${n.name} ×${n.count}${n.bundled ? "" : ", no local schema"}`).join("; ");
  const notes = configs.notes.length > 0 ? `; ${plural(configs.notes.length, "value")} not checkable offline` : "";
  return `decK: ${plural(configs.instances, "plugin instance")} in ${plural(configs.files.length, "file")}: ${configs.checked} checked${unchecked > 0 ? `, ${unchecked} not checked (${names})` : ""}${notes}`;
}
