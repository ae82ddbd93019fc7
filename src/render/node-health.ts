import type { ChalkInstance } from "chalk";
import type { MatrixColumn } from "../fleet/inventory.js";
import type { NodeHealth } from "../fleet/node-health.js";
import { formatSeconds } from "../fleet/status.js";
import type { Cell } from "./fleet-table.js";

/** The NODES cell of `list --nodes`: "3 ready, 1 degraded", "none seen (2 stale)", "-" when not read. */
export function nodeHealthCell(column: MatrixColumn, chalk: ChalkInstance): Cell {
  const health = column.nodes;
  if (column.error) return { text: "error", paint: chalk.red };
  if (!health) return { text: "-", paint: chalk.dim };
  if (health.seen === 0) {
    const stale = health.total - health.seen;
    return { text: stale > 0 ? `none seen (${stale} stale)` : "none", paint: chalk.dim };
  }
  const parts = [`${health.ready} ready`];
  if (health.degraded > 0) parts.push(`${health.degraded} degraded`);
  if (!health.converged) parts.push(`unconverged (${health.configHashes} config hashes)`);
  return { text: parts.join(", "), paint: health.degraded > 0 || !health.converged ? chalk.yellow : chalk.green };
}

/** The line under the table: totals across control planes, and where the reasons are. */
export function nodeHealthSummary(columns: readonly MatrixColumn[], seenWithinSeconds: number): string {
  const read = columns.flatMap((c) => (c.nodes ? [c.nodes] : []));
  const sum = (pick: (h: NodeHealth) => number): number => read.reduce((total, h) => total + pick(h), 0);
  const degradedOn = read.filter((h) => h.degraded > 0).length;
  const unconverged = read.filter((h) => !h.converged).length;
  const parts = [`${sum((h) => h.ready)} ready`, `${sum((h) => h.degraded)} degraded${degradedOn > 0 ? ` on ${degradedOn} control plane(s)` : ""}`];
  if (unconverged > 0) parts.push(`${unconverged} control plane(s) unconverged`);
  const none = read.filter((h) => h.seen === 0).length;
  if (none > 0) parts.push(`${none} control plane(s) without data planes`);
  return `data plane nodes seen in the last ${formatSeconds(seenWithinSeconds)}: ${parts.join(", ")}${degradedOn + unconverged > 0 ? " (kplug status names the nodes and why)" : ""}\n`;
}
