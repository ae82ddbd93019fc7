import type { ChalkInstance } from "chalk";
import type { Matrix } from "../fleet/inventory.js";
import type { Cell } from "./fleet-table.js";
import { renderTable } from "./fleet-table.js";
import { sanitizeLine } from "../text/sanitize.js";
import { nodeHealthCell, nodeHealthSummary } from "./node-health.js";
import { plainName, type NameOf } from "./control-plane-name.js";

/**
 * The plugins × control planes matrix, one row per control plane (so 100+ control planes stay
 * readable) and one column per plugin: `schema 1a2b3c4d =` present and same as local, `≠` differs,
 * `-` absent.
 */
export function renderMatrix(matrix: Matrix, chalk: ChalkInstance, nameOf: NameOf = plainName): string {
  const withNodes = matrix.seenWithinSeconds !== undefined;
  if (matrix.plugins.length === 0 && !withNodes) return "no custom plugins on the selected control planes\n";
  const rows: Cell[][] = matrix.columns.map((column) => {
    const cells: Cell[] = [{ text: nameOf(column.controlPlane) }, { text: column.controlPlane.kind }];
    if (withNodes) cells.push(nodeHealthCell(column, chalk));
    if (column.error) {
      cells.push(...matrix.plugins.map((_p, i) => (i === 0 ? { text: `error: ${column.error?.message ?? ""}`, paint: chalk.red } : { text: "" })));
      return cells;
    }
    for (const plugin of matrix.plugins) {
      const cell = column.cells.find((c) => c.plugin === plugin);
      if (!cell?.present) {
        cells.push({ text: column.note ? "(group)" : "-", paint: chalk.dim });
        continue;
      }
      const mark = cell.differs === undefined ? "" : cell.differs ? " ≠" : " =";
      cells.push({ text: `${cell.mechanism} ${cell.hash}${mark}`, paint: cell.differs ? chalk.yellow : chalk.green });
    }
    return cells;
  });
  const out = [renderTable(["CONTROL PLANE", "KIND", ...(withNodes ? ["NODES"] : []), ...matrix.plugins.map(sanitizeLine)], rows, chalk.bold)];
  const local = Object.entries(matrix.localHashes);
  if (local.length > 0) {
    const shown = local.map(([name, h]) => `${name} schema ${h.schema}${h.streamed ? `, streamed ${h.streamed}` : ""}`);
    out.push(`\nlocal: ${shown.join("; ")}   (= same as local, ≠ differs, - absent)\n`);
    out.push("hashes: schema = sha256 of schema.lua; streamed = sha256 of schema.lua + handler.lua (what each comparison covers)\n");
  }
  // groups cannot hold plugins (they live on members), so they do not count as places it could be
  const holders = matrix.columns.filter((c) => c.controlPlane.kind !== "group").length;
  const present = matrix.plugins.map((plugin) => {
    const n = matrix.columns.filter((c) => c.cells.some((cell) => cell.plugin === plugin && cell.present)).length;
    const drift = matrix.columns.filter((c) => c.cells.some((cell) => cell.plugin === plugin && cell.differs)).length;
    return `${sanitizeLine(plugin)}: on ${n}/${holders}${drift > 0 ? `, ${drift} differ` : ""}`;
  });
  if (present.length > 0) out.push(`${present.join("; ")}\n`);
  if (matrix.seenWithinSeconds !== undefined) out.push(nodeHealthSummary(matrix.columns, matrix.seenWithinSeconds));
  return out.join("");
}

/** --json: one object per control plane, cells keyed by plugin name. */
export function matrixJson(matrix: Matrix): unknown {
  return {
    plugins: matrix.plugins,
    local: matrix.localHashes,
    interrupted: matrix.interrupted,
    ...(matrix.seenWithinSeconds === undefined ? {} : { seenWithinSeconds: matrix.seenWithinSeconds }),
    controlPlanes: matrix.columns.map((column) => ({
      ...column.controlPlane,
      ...(column.error ? { error: column.error } : {}),
      ...(column.note ? { note: column.note } : {}),
      ...(column.nodes ? { nodes: column.nodes } : {}),
      plugins: Object.fromEntries(column.cells.map(({ plugin, ...cell }) => [plugin, cell])),
    })),
  };
}
