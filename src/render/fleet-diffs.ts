import type { ChalkInstance } from "chalk";
import type { DiffResult } from "../fleet/compare.js";
import { renderChangeReport } from "./fleet-changes.js";
import { colorDiff } from "./fleet-diff.js";
import { groupBy, withoutControlPlane } from "./fleet-groups.js";
import { countedNames } from "./name-list.js";
import { sanitizeForDisplay } from "../text/sanitize.js";
import { plainName, type NameOf } from "./control-plane-name.js";

/**
 * `kplug diff` output: a status line, the unified diff and the classification. By default once per
 * group of control planes with the same result (the diff and the classification shown once, the
 * control planes named); `verbose`: once per control plane and plugin.
 */
export function renderDiffResults(results: DiffResult[], chalk: ChalkInstance, options: { verbose?: boolean; nameOf?: NameOf } = {}): string {
  const nameOf = options.nameOf ?? plainName;
  const out: string[] = [];
  if (options.verbose) {
    for (const r of results) out.push(renderResult(r, `${sanitizeForDisplay(nameOf(r.controlPlane))} / ${r.plugin}${r.mechanism ? ` (${r.mechanism})` : ""}`, undefined, chalk));
  } else {
    for (const { items } of groupBy(results, (r) => JSON.stringify(comparable(r)))) {
      const first = comparable(items[0] as DiffResult);
      out.push(renderResult(first, `${first.plugin}${first.mechanism ? ` (${first.mechanism})` : ""}`, countedNames(items.map((r) => nameOf(r.controlPlane))), chalk));
    }
  }
  const count = (status: string): number => results.filter((r) => r.status === status).length;
  out.push(`\n${count("identical")} identical, ${count("different")} different, ${count("missing")} missing, ${count("error")} error(s)${count("skipped") ? `, ${count("skipped")} skipped` : ""}\n`);
  return out.join("");
}

/** The result with what is particular to its control plane (name, id) taken out, to group by. */
function comparable(r: DiffResult): DiffResult {
  const strip = (text: string | undefined): string | undefined => (text === undefined ? undefined : withoutControlPlane(text, r.controlPlane));
  const { requestId: _ignored, ...error } = r.error ?? { message: "" };
  return {
    ...r,
    controlPlane: { id: "", name: "", kind: r.controlPlane.kind },
    ...(r.diff === undefined ? {} : { diff: strip(r.diff) as string }),
    ...(r.reason === undefined ? {} : { reason: strip(r.reason) as string }),
    ...(r.error === undefined ? {} : { error: { ...error, message: strip(error.message) as string } }),
  };
}

/** `subject`: what was compared; `where`: the control planes, when the line stands for a group. */
function renderResult(r: DiffResult, subject: string, where: string | undefined, chalk: ChalkInstance): string {
  const on = where ? ` on ${where}` : "";
  switch (r.status) {
    case "identical":
      return `${chalk.green("=")} ${subject}: identical${on}\n`;
    case "skipped":
      return `${chalk.dim("-")} ${subject}: skipped${on}: ${sanitizeForDisplay(r.reason ?? "")}\n`;
    case "error":
      return `${chalk.red("✗")} ${subject}: error${on}: ${r.error?.status ? `${r.error.status} ` : ""}${sanitizeForDisplay(r.error?.message ?? "")}\n`;
    case "missing":
      return `${chalk.yellow("+")} ${subject}: ${where ? `missing${on}` : "not on the control plane"} (push would create it)\n`;
    case "different": {
      const out = [`${chalk.yellow("≠")} ${subject}: differs${on}\n`];
      if (r.diff) out.push(colorDiff(sanitizeForDisplay(r.diff), chalk));
      if (r.change) out.push(renderChangeReport(r.change, chalk));
      else out.push("  handler.lua only: logic change, no schema update needed on data planes\n");
      return out.join("");
    }
  }
}
