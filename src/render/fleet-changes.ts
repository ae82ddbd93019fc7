import type { ChalkInstance } from "chalk";
import type { SchemaChangeReport } from "../fleet/breaking.js";
import { sanitizeForDisplay } from "../text/sanitize.js";

/** The classification of a schema change and the upgrade steps, indented under a heading. */
export function renderChangeReport(report: SchemaChangeReport, chalk: ChalkInstance, indent = "  "): string {
  const lines: string[] = [];
  const verdict = report.breaking ? chalk.red.bold("breaking") : chalk.green("safe");
  lines.push(`${indent}${verdict} change, upgrade path: ${chalk.bold(report.upgradePath)}${report.hasUnknown ? " (conservative: part of the schema could not be evaluated)" : ""}`);
  for (const change of report.changes) {
    const mark = change.breaking ? chalk.red("✗") : chalk.green("✓");
    lines.push(`${indent}  ${mark} ${sanitizeForDisplay(change.message)} [${change.upgradePath}]`);
  }
  if (report.steps.length > 0) {
    lines.push(`${indent}what to do:`);
    report.steps.forEach((step, i) => lines.push(`${indent}  ${i + 1}. ${step}`));
  }
  return `${lines.join("\n")}\n`;
}
