import type { PluginFile } from "../rules/types.js";
import type { ValidationReport } from "../validate/types.js";
import { applyFixes } from "./apply.js";

/** One file `--fix` changes. */
export interface FixedFile {
  file: PluginFile;
  after: string;
  /** fixes applied to it */
  applied: number;
}

/**
 * What `validate --fix` would write: for each file with fixable findings, its text with every
 * certain fix applied (in report order; a fix clashing with one already taken waits for the next
 * run). `files`: display path → the file as read. Pure: the caller writes or shows the result.
 */
export function planFixes(report: ValidationReport, files: ReadonlyMap<string, PluginFile>): FixedFile[] {
  const editsByFile = new Map<string, { start: number; end: number; text: string }[][]>();
  for (const plugin of report.plugins) {
    for (const finding of plugin.findings) {
      if (!finding.fix) continue;
      const list = editsByFile.get(finding.file) ?? [];
      list.push(finding.fix.edits.map(({ start, end, text }) => ({ start, end, text })));
      editsByFile.set(finding.file, list);
    }
  }
  const fixed: FixedFile[] = [];
  for (const [displayPath, fixes] of editsByFile) {
    const file = files.get(displayPath);
    if (!file) continue;
    const { text, applied } = applyFixes(file.text, fixes);
    if (text !== file.text) fixed.push({ file, after: text, applied });
  }
  return fixed;
}
