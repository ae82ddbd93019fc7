import { isAbsolute, relative } from "node:path";
import { Chalk } from "chalk";
import type { ChalkInstance } from "chalk";
import type { Finding } from "../rules/types.js";
import type { ValidationReport } from "../validate/types.js";
import { codeFrame } from "./validate-frame.js";
import { configLine, maxWarningsLine, summaryLine } from "./validate-summary.js";
import { sanitizeForDisplay } from "../text/sanitize.js";

export interface PrettyOptions {
  color: boolean;
  /** display path → file text, for code frames (a file missing here just gets no frame) */
  sources: Map<string, string>;
  /** errors only: warnings are not listed, and a run without failure prints nothing */
  quiet?: boolean;
  /** absolute finding paths inside cwd are shown relative to it */
  cwd?: string;
}

const SEVERITY_WIDTH = "warning".length;

/** One line per message line; continuation lines are indented to `indent` so they stay in their column. */
function indentLines(text: string, indent: number): string {
  return text.split(/\r?\n/).join(`\n${" ".repeat(indent)}`);
}

function displayFile(file: string, cwd: string | undefined): string {
  if (!cwd || !isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

function byPosition(a: Finding, b: Finding): number {
  return (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0);
}

function renderFile(file: string, findings: Finding[], options: PrettyOptions, chalk: ChalkInstance): string[] {
  const out: string[] = [chalk.underline(sanitizeForDisplay(displayFile(file, options.cwd)))];
  const positions = findings.map((f) => (f.location ? `${f.location.line}:${f.location.column}` : "-"));
  const positionWidth = Math.max(...positions.map((p) => p.length));
  const source = options.sources.get(file);
  let framed = ""; // several rules often flag the same span: its frame is shown once
  findings.forEach((finding, i) => {
    const paint = finding.severity === "error" ? chalk.red : finding.severity === "warning" ? chalk.yellow : chalk.blue;
    const position = (positions[i] ?? "-").padEnd(positionWidth);
    const prefix = `  ${position}  ${finding.severity.padEnd(SEVERITY_WIDTH)}  `;
    // the rule id stays on the first line; further message lines go under it, in the message column
    const [first = "", ...rest] = sanitizeForDisplay(finding.message).split(/\r?\n/);
    out.push(`  ${chalk.dim(position)}  ${paint(finding.severity.padEnd(SEVERITY_WIDTH))}  ${first}  ${chalk.dim(sanitizeForDisplay(finding.ruleId))}`);
    for (const line of rest) out.push(" ".repeat(prefix.length) + line);
    if (finding.hint) out.push(" ".repeat(prefix.length) + chalk.dim(indentLines(`hint: ${sanitizeForDisplay(finding.hint)}`, prefix.length)));
    if (finding.fix) out.push(" ".repeat(prefix.length) + chalk.dim(`fix: ${sanitizeForDisplay(finding.fix.description)} (kplug validate --fix)`));
    const span = finding.location ? JSON.stringify(finding.location) : "";
    if (source !== undefined && finding.location && span !== framed) {
      framed = span;
      for (const line of codeFrame(source, finding.location, { gutter: chalk.dim, marker: paint })) out.push(`    ${line}`);
    }
  });
  return out;
}

/** `kplug validate` for people: findings grouped by file, with code frames, then a summary line. */
export function renderPretty(report: ValidationReport, options: PrettyOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const byFile = new Map<string, Finding[]>();
  for (const plugin of report.plugins) {
    for (const finding of plugin.findings) {
      if (options.quiet && finding.severity !== "error") continue;
      const list = byFile.get(finding.file) ?? [];
      list.push(finding);
      byFile.set(finding.file, list);
    }
  }
  if (options.quiet && !report.failed) return "";

  const blocks: string[] = [];
  for (const [file, findings] of byFile) blocks.push(renderFile(file, [...findings].sort(byPosition), options, chalk).join("\n"));

  if (!options.quiet && report.configs && report.configs.notes.length > 0) {
    const notes = report.configs.notes.map((note) => `  ${chalk.dim(note.location ? `${sanitizeForDisplay(note.file)}:${note.location.line}:${note.location.column}` : sanitizeForDisplay(note.file))}  ${chalk.blue("info")}  ${sanitizeForDisplay(`${note.instance}: ${note.message}`)}`);
    blocks.push(notes.join("\n"));
  }
  const summary = summaryLine(report);
  const problems = report.errorCount + report.warningCount;
  const tail: string[] = [problems === 0 ? chalk.green(summary) : report.errorCount > 0 ? chalk.red.bold(summary) : chalk.yellow.bold(summary)];
  const tooMany = maxWarningsLine(report);
  if (tooMany) tail.push(chalk.red(tooMany));
  const configs = configLine(report);
  if (configs) tail.push(chalk.dim(configs));
  blocks.push(tail.join("\n"));
  return `${blocks.join("\n\n")}\n`;
}
