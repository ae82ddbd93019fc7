import type { Finding } from "../rules/types.js";
import type { ValidationReport } from "../validate/types.js";
import { configLine, maxWarningsLine, summaryLine } from "./validate-summary.js";
import { sanitizeForDisplay } from "../text/sanitize.js";

// Workflow commands are one line each; the runner decodes these escapes, so a message cannot end
// the command early or start a new one. `%` goes first so the other escapes are not doubled.
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function annotation(finding: Finding): string {
  const properties = [`file=${escapeProperty(sanitizeForDisplay(finding.file))}`];
  const at = finding.location;
  if (at) properties.push(`line=${at.line}`, `col=${at.column}`, `endLine=${at.endLine}`, `endColumn=${at.endColumn}`);
  properties.push(`title=${escapeProperty(sanitizeForDisplay(finding.ruleId))}`);
  const text = finding.hint ? `${finding.message} (${finding.hint})` : finding.message;
  // GitHub's workflow commands are error, warning and notice
  const command = finding.severity === "info" ? "notice" : finding.severity;
  return `::${command} ${properties.join(",")}::${escapeData(sanitizeForDisplay(text))}`;
}

/** `kplug validate --format github`: one annotation per finding, then the plain summary line. */
export function renderGithub(report: ValidationReport): string {
  const lines = report.plugins.flatMap((plugin) => plugin.findings.map(annotation));
  for (const note of report.configs?.notes ?? []) {
    const at = note.location ? `,line=${note.location.line},col=${note.location.column}` : "";
    lines.push(`::notice file=${escapeProperty(sanitizeForDisplay(note.file))}${at},title=config/not-checkable::${escapeData(sanitizeForDisplay(`${note.instance}: ${note.message}`))}`);
  }
  lines.push(summaryLine(report));
  const configs = configLine(report);
  if (configs) lines.push(configs);
  const tooMany = maxWarningsLine(report);
  if (tooMany) lines.push(tooMany);
  return `${lines.join("\n")}\n`;
}
