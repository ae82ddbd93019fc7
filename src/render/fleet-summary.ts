import type { ChalkInstance } from "chalk";
import type { PushOutcome } from "../fleet/types.js";
import { renderChangeReport } from "./fleet-changes.js";
import { colorDiff } from "./fleet-diff.js";
import type { Cell } from "./fleet-table.js";
import { formatMs, renderTable } from "./fleet-table.js";
import { groupBy, withoutControlPlane } from "./fleet-groups.js";
import { countedNames, nameList } from "./name-list.js";
import { sanitizeForDisplay } from "../text/sanitize.js";
import { plainName, type NameOf } from "./control-plane-name.js";

/** The RESULT column: what happened, with the reason for anything that is not a success. */
export function outcomeResult(outcome: PushOutcome): string {
  if (outcome.interrupted) return "not started (interrupted)";
  switch (outcome.action) {
    case "failed": {
      const e = outcome.error;
      const status = e?.status ? `${e.status} ` : "";
      const id = e?.requestId ? ` (request id ${e.requestId})` : "";
      return `FAILED: ${status}${e?.message ?? "unknown error"}${id}`;
    }
    case "refused":
      return `refused: ${outcome.reason ?? ""}`;
    case "skipped":
      return `skipped: ${outcome.reason ?? ""}`;
    case "unchanged":
      return "ok (no write)";
    default:
      return outcome.dryRun ? "planned (dry run)" : outcome.change?.breaking ? "ok (breaking, allowed)" : "ok";
  }
}

export function outcomeActionLabel(outcome: PushOutcome): string {
  if (outcome.action === "failed") return outcome.step ?? "failed";
  if (outcome.action === "refused" && outcome.change) return "update";
  return outcome.action;
}

export function countOutcomes(outcomes: PushOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.interrupted ? "not started" : o.action === "create" ? (o.dryRun ? "to create" : "created") : o.action === "update" ? (o.dryRun ? "to update" : "updated") : o.action;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export interface SummaryOptions {
  interrupted: boolean;
  /** one row per control plane and plugin, and every change and diff per control plane */
  verbose?: boolean;
  /** the terminal's width: the last column is cut so that no row wraps */
  width?: number;
  /** how control planes are named (with the region when several are selected) */
  nameOf?: NameOf;
}

/** The summary printed on stdout at the end of a push (or the plan of a dry run). */
export function renderPushSummary(outcomes: PushOutcome[], chalk: ChalkInstance, options: SummaryOptions): string {
  const nameOf = options.nameOf ?? plainName;
  const out: string[] = [options.verbose ? perControlPlaneTable(outcomes, chalk, options.width, nameOf) : groupedTable(outcomes, chalk, options.width, nameOf)];
  const controlPlanes = new Set(outcomes.map((o) => `${o.controlPlane.region ?? ""}\u0000${o.controlPlane.id}`)).size;
  const counts = Object.entries(countOutcomes(outcomes)).map(([k, n]) => `${n} ${k}`);
  out.push(`\n${controlPlanes} control plane(s), ${outcomes.length} push(es): ${counts.join(", ")}\n`);
  if (options.interrupted) {
    const notStarted = outcomes.filter((o) => o.interrupted);
    out.push(chalk.yellow(`interrupted: ${outcomes.length - notStarted.length} finished as shown, ${notStarted.length} not started (${nameList([...new Set(notStarted.map((o) => nameOf(o.controlPlane)))])})`) + "\n");
  }
  out.push(options.verbose ? perControlPlaneDetail(outcomes, chalk, nameOf) : groupedDetail(outcomes, chalk, nameOf));
  return out.join("");
}

function painter(o: PushOutcome, chalk: ChalkInstance): ((t: string) => string) | undefined {
  if (o.action === "failed") return chalk.red;
  if (o.action === "refused") return chalk.yellow;
  if (o.action === "skipped") return chalk.dim;
  if (o.action === "unchanged") return undefined;
  return chalk.green;
}

function perControlPlaneTable(outcomes: PushOutcome[], chalk: ChalkInstance, width: number | undefined, nameOf: NameOf): string {
  // RESULT is last so that long reasons do not push the other columns around
  const rows: Cell[][] = outcomes.map((o) => [
    { text: nameOf(o.controlPlane) },
    { text: o.plugin },
    { text: o.mechanism ?? "-" },
    { text: outcomeActionLabel(o) },
    { text: o.ms > 0 ? formatMs(o.ms) : "-" },
    { text: outcomeResult(o), paint: painter(o, chalk) },
  ]);
  return renderTable(["CONTROL PLANE", "PLUGIN", "MECHANISM", "ACTION", "TIME", "RESULT"], rows, chalk.bold, width === undefined ? {} : { maxWidth: width });
}

/** RESULT without what differs from one control plane to the next (request ids, its id in URLs). */
function groupResult(o: PushOutcome): string {
  const { requestId: _ignored, ...error } = o.error ?? { message: "" };
  const text = outcomeResult(o.error ? { ...o, error } : o);
  return withoutControlPlane(text, o.controlPlane);
}

/** One row per plugin, mechanism and result: as many rows for 100 control planes as for 1. */
function groupedTable(outcomes: PushOutcome[], chalk: ChalkInstance, width: number | undefined, nameOf: NameOf): string {
  const groups = groupBy(outcomes, (o) => `${o.plugin}\u0000${o.mechanism ?? "-"}\u0000${outcomeActionLabel(o)}\u0000${groupResult(o)}`);
  const rows: Cell[][] = groups.map(({ items }) => {
    const first = items[0] as PushOutcome;
    return [
      { text: first.plugin },
      { text: first.mechanism ?? "-" },
      { text: outcomeActionLabel(first) },
      { text: String(items.length) },
      { text: nameList(items.map((o) => nameOf(o.controlPlane))) },
      { text: groupResult(first), paint: painter(first, chalk) },
    ];
  });
  return renderTable(["PLUGIN", "MECHANISM", "ACTION", "COUNT", "CONTROL PLANES", "RESULT"], rows, chalk.bold, width === undefined ? {} : { maxWidth: width });
}

function hasChange(o: PushOutcome): boolean {
  return o.change !== undefined && o.change.changes.length > 0 && o.action !== "unchanged";
}

function perControlPlaneDetail(outcomes: PushOutcome[], chalk: ChalkInstance, nameOf: NameOf): string {
  const out: string[] = [];
  for (const o of outcomes.filter(hasChange)) {
    out.push(`\n${chalk.bold(`${sanitizeForDisplay(nameOf(o.controlPlane))} / ${o.plugin}`)}: schema change\n`);
    out.push(renderChangeReport(o.change!, chalk));
  }
  for (const o of outcomes.filter((o) => o.diff)) out.push(`\n${colorDiff(sanitizeForDisplay(o.diff!), chalk)}`);
  return out.join("");
}

/** Each distinct classification once, and each distinct diff once, with the control planes they concern. */
function groupedDetail(outcomes: PushOutcome[], chalk: ChalkInstance, nameOf: NameOf): string {
  const out: string[] = [];
  for (const { items } of groupBy(outcomes.filter(hasChange), (o) => `${o.plugin}\u0000${JSON.stringify(o.change)}`)) {
    const first = items[0] as PushOutcome;
    const verdict = first.change!.breaking ? "breaking change" : "safe change";
    out.push(`\n${chalk.bold(first.plugin)}: ${verdict}, same on ${countedNames(items.map((o) => nameOf(o.controlPlane)))}\n`);
    out.push(renderChangeReport(first.change!, chalk));
  }
  const diffs = outcomes.filter((o) => o.diff);
  for (const { items } of groupBy(diffs, (o) => `${o.plugin}\u0000${withoutControlPlane(o.diff!, o.controlPlane)}`)) {
    const first = items[0] as PushOutcome;
    out.push(`\n${chalk.bold(first.plugin)}: the same diff on ${countedNames(items.map((o) => nameOf(o.controlPlane)))}\n`);
    out.push(colorDiff(sanitizeForDisplay(withoutControlPlane(first.diff!, first.controlPlane)), chalk));
  }
  return out.join("");
}

/** One plain line per control plane for logs (CI, no TTY), as soon as it is done. */
export function renderProgressLine(name: string, outcomes: PushOutcome[], chalk: ChalkInstance): string {
  const failed = outcomes.some((o) => o.action === "failed");
  const refused = outcomes.some((o) => o.action === "refused");
  const mark = failed ? chalk.red("✗") : refused ? chalk.yellow("!") : chalk.green("✓");
  const parts = outcomes.map((o) => {
    const what = o.action === "failed" ? `failed (${o.error?.status ? `${o.error.status} ` : ""}${o.error?.message ?? ""})` : o.action === "refused" ? "refused" : o.action;
    return `${o.plugin} ${what}`;
  });
  const ms = Math.max(0, ...outcomes.map((o) => o.ms));
  return `${mark} ${sanitizeForDisplay(name)}: ${sanitizeForDisplay(parts.join(", "))}${ms > 0 ? ` (${formatMs(ms)})` : ""}\n`;
}
