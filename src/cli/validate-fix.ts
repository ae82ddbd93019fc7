import { writeFile } from "node:fs/promises";
import { KplugError } from "../errors.js";
import { unifiedDiff } from "../fleet/line-diff.js";
import { planFixes } from "../fix/plan.js";
import { plural } from "../render/validate-summary.js";
import type { CommandContext } from "./context.js";
import type { Checked } from "./validate-run.js";

/**
 * `--fix`: writes every file with certain fixes; `--fix-dry-run`: prints the diff instead (stdout).
 * Says on stderr what was done. Returns true when a file was written.
 */
export async function applyPlannedFixes(ctx: CommandContext, checked: Checked, dryRun: boolean): Promise<boolean> {
  const planned = planFixes(checked.report, checked.schemas);
  const fixes = planned.reduce((n, f) => n + f.applied, 0);
  if (dryRun) {
    for (const { file, after } of planned) ctx.io.stdout(unifiedDiff(file.text, after, { old: `a/${file.displayPath}`, new: `b/${file.displayPath}` }));
    ctx.io.stderr(`kplug: --fix-dry-run: ${fixCount(fixes)} in ${plural(planned.length, "file")}; nothing written\n`);
    return false;
  }
  for (const { file, after } of planned) {
    try {
      await writeFile(file.path, after);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      throw new KplugError(`${file.displayPath}: cannot write the fixed file (${code})`, { code: "input", hint: "check that the file is writable" });
    }
  }
  ctx.io.stderr(`kplug: --fix: ${fixCount(fixes)} applied in ${plural(planned.length, "file")}${planned.length > 0 ? `: ${planned.map((f) => f.file.displayPath).join(", ")}` : ""}\n`);
  return planned.length > 0;
}

function fixCount(n: number): string {
  return `${n} ${n === 1 ? "fix" : "fixes"}`;
}
