import type { ChalkInstance } from "chalk";
import type { DiffResult } from "../fleet/compare.js";
import { renderChangeReport } from "./fleet-changes.js";
import { colorDiff } from "./fleet-diff.js";
import { sanitizeForDisplay } from "../text/sanitize.js";

/** `kplug diff` output: per control plane and plugin, a status line, the unified diff, the classification. */
export function renderDiffResults(results: DiffResult[], chalk: ChalkInstance): string {
  const out: string[] = [];
  for (const r of results) {
    const where = `${sanitizeForDisplay(r.controlPlane.name)} / ${r.plugin}${r.mechanism ? ` (${r.mechanism})` : ""}`;
    switch (r.status) {
      case "identical":
        out.push(`${chalk.green("=")} ${where}: identical\n`);
        break;
      case "skipped":
        out.push(`${chalk.dim("-")} ${where}: skipped: ${sanitizeForDisplay(r.reason ?? "")}\n`);
        break;
      case "error":
        out.push(`${chalk.red("✗")} ${where}: error: ${r.error?.status ? `${r.error.status} ` : ""}${sanitizeForDisplay(r.error?.message ?? "")}\n`);
        break;
      case "missing":
        out.push(`${chalk.yellow("+")} ${where}: not on the control plane (push would create it)\n`);
        break;
      case "different":
        out.push(`${chalk.yellow("≠")} ${where}: differs\n`);
        if (r.diff) out.push(colorDiff(sanitizeForDisplay(r.diff), chalk));
        if (r.change) out.push(renderChangeReport(r.change, chalk));
        else out.push("  handler.lua only: logic change, no schema update needed on data planes\n");
        break;
    }
  }
  const count = (status: string): number => results.filter((r) => r.status === status).length;
  out.push(`\n${count("identical")} identical, ${count("different")} different, ${count("missing")} missing, ${count("error")} error(s)${count("skipped") ? `, ${count("skipped")} skipped` : ""}\n`);
  return out.join("");
}
