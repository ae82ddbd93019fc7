import type { ChalkInstance } from "chalk";
import { plainName, type NameOf } from "./control-plane-name.js";
import { countVerdicts, formatSeconds, VERDICTS, type StatusReport, type StatusRow, type Verdict } from "../fleet/status.js";
import type { WaitResult } from "../fleet/status-wait.js";
import { formatMs, renderTable, type Cell } from "./fleet-table.js";
import { byNameNumeric } from "./name-list.js";
import { sanitizeLine as clean } from "../text/sanitize.js";

function verdictPaint(verdict: Verdict, chalk: ChalkInstance): (text: string) => string {
  switch (verdict) {
    case "ready":
      return chalk.green;
    case "degraded":
      return chalk.yellow;
    default:
      return chalk.red;
  }
}

function contentCell(row: StatusRow, chalk: ChalkInstance): Cell {
  if (row.present === undefined) return { text: "(group)", paint: chalk.dim };
  if (!row.present) return { text: "-", paint: chalk.dim };
  const mark = row.current === undefined ? "" : row.current ? " =" : " ≠";
  return { text: `${row.mechanism ?? ""} ${row.hash ?? ""}${mark}`, paint: row.current === false ? chalk.yellow : undefined };
}

function versionsText(versions: Record<string, number>): string {
  const entries = Object.entries(versions).sort(([a], [b]) => byNameNumeric(b, a));
  return entries.length === 0 ? "-" : entries.map(([version, n]) => (n > 1 ? `${version}×${n}` : version)).join(", ");
}

function nodesText(row: StatusRow): string {
  if (row.error) return "?";
  const stale = row.nodes.total - row.nodes.seen;
  return `${row.nodes.canRun}/${row.nodes.seen}${stale > 0 ? ` (+${stale} stale)` : ""}`;
}

function convergedText(row: StatusRow): string {
  if (row.nodes.seen === 0) return "-";
  return row.nodes.converged ? "yes" : `no (${row.nodes.configHashes} hashes)`;
}

/** What stands between a row and `ready`: reasons, then each node's issue in Konnect's words (server text sanitized before painting). */
function details(row: StatusRow, chalk: ChalkInstance, nameOf: NameOf): string[] {
  const why = row.reasons.length ? ` (${clean(row.reasons.join("; "))})` : "";
  const lines = [`${chalk.bold(clean(`${nameOf(row.controlPlane)} / ${row.plugin}`))}: ${verdictPaint(row.verdict, chalk)(row.verdict)}${why}`];
  if (row.error?.hint) lines.push(`  hint: ${clean(row.error.hint)}`);
  for (const node of row.tooOld) lines.push(`  ${clean(node.hostname)} (${clean(node.version)}): too old for streamed plugins, which need Kong Gateway 3.15+`);
  for (const issue of row.issues) {
    lines.push(`  ${clean(issue.node.hostname)} (${clean(issue.node.version)}): [${clean(issue.severity)}${issue.code ? ` ${clean(issue.code)}` : ""}] ${clean(issue.description)}`);
    if (issue.resolution) lines.push(`    resolution: ${clean(issue.resolution)}`);
    if (issue.documentationUrl) lines.push(`    see ${clean(issue.documentationUrl)}`);
  }
  return lines;
}

export function renderStatus(report: StatusReport, chalk: ChalkInstance, wait?: WaitResult, nameOf: NameOf = plainName): string {
  if (report.plugins.length === 0) return "no custom plugins on the selected control planes\n";
  const rows: Cell[][] = report.rows.map((row) => [
    { text: nameOf(row.controlPlane) },
    { text: row.plugin },
    contentCell(row, chalk),
    { text: nodesText(row) },
    { text: versionsText(row.nodes.versions) },
    { text: convergedText(row), paint: row.nodes.converged ? undefined : chalk.yellow },
    { text: row.verdict, paint: verdictPaint(row.verdict, chalk) },
  ]);
  const out = [renderTable(["CONTROL PLANE", "PLUGIN", "CONTENT", "CAN RUN/SEEN", "VERSIONS", "CONVERGED", "VERDICT"], rows, chalk.bold)];
  const notReady = report.rows.filter((row) => row.verdict !== "ready");
  if (notReady.length > 0) out.push(`\n${notReady.flatMap((row) => details(row, chalk, nameOf)).join("\n")}\n`);
  const notes = [...new Set(report.rows.filter((row) => row.verdict === "ready" && row.note).map((row) => row.note as string))];
  if (notes.length > 0) out.push(`\n${notes.map((note) => `note: ${clean(note)}`).join("\n")}\n`);
  const counts = countVerdicts(report.rows);
  const summary = VERDICTS.filter((v) => counts[v] > 0).map((v) => `${counts[v]} ${v}`).join(", ");
  const waited = wait?.timedOut ? `; timed out after ${formatMs(wait.waitedMs)}` : wait && wait.rounds > 1 ? `; waited ${formatMs(wait.waitedMs)}` : "";
  out.push(`\n${report.rows.length} row(s): ${summary} (data planes seen in the last ${formatSeconds(report.seenWithinSeconds)}${waited})\n`);
  return out.join("");
}

/** --json: documented in README ("kplug status --json"). */
export function statusJson(report: StatusReport, wait?: WaitResult): unknown {
  return {
    ready: report.rows.every((row) => row.verdict === "ready"),
    seenWithinSeconds: report.seenWithinSeconds,
    ...(wait ? { wait: { timedOut: wait.timedOut, rounds: wait.rounds, waitedMs: wait.waitedMs } } : {}),
    interrupted: report.interrupted,
    plugins: report.plugins,
    local: report.localHashes,
    counts: countVerdicts(report.rows),
    rows: report.rows,
  };
}
