import { assembleMatrix, readInventory, type Matrix, type MatrixReadOptions, type MatrixReads } from "./inventory.js";
import { nodeHealth } from "./node-health.js";
import { SettlingPool, type Settled } from "./pool.js";
import { readControlPlane, statusTargets, type ControlPlaneReading } from "./status.js";
import type { FleetTarget, LocalPlugin } from "./types.js";
import { apiFor, toFleetError, type FleetApi } from "./types.js";

/**
 * `list --nodes`: the matrix plus, per Kong Gateway control plane, how many data plane nodes can run
 * its plugins. Each control plane's reads happen together in one slot of the pool: what `list` reads,
 * one nodes page, and its plugin instances only when an issue names instances without naming a plugin
 * (the same reads as `status`).
 */
export interface NodeMatrixOptions extends MatrixReadOptions {
  seenWithinSeconds: number;
  nowSeconds?: () => number;
}

/** The reads start as each listing page's targets are known (see MatrixReads). */
export function startMatrixWithNodesReads(api: FleetApi, local: LocalPlugin[], options: NodeMatrixOptions): MatrixReads {
  const wanted = local.length > 0 ? local.map((p) => p.name) : undefined;
  const isGateway = (target: FleetTarget): boolean => statusTargets([target]).length > 0;
  const pool = new SettlingPool(
    // a control plane that is not Kong Gateway's has no data plane nodes to judge: only what `list` reads
    async (target: FleetTarget): Promise<ControlPlaneReading> =>
      isGateway(target) ? readControlPlane(apiFor(api, target), target, wanted) : { remote: await readInventory(apiFor(api, target), target), nodes: [], instances: [] },
    {
      concurrency: options.concurrency,
      signal: options.signal,
      onSettled: (target, result) => {
        if (result.status !== "not-started") options.onDone?.(target, result.status === "rejected" ? toFleetError(result.reason) : undefined);
      },
    },
  );
  const finish = async (targets: FleetTarget[]): Promise<Matrix> => {
    const readings = await pool.settle(targets);
    const inventories = readings.map((r): Settled<ControlPlaneReading["remote"]> => (r.status === "fulfilled" ? { status: "fulfilled", value: r.value.remote } : r));
    const matrix = assembleMatrix(targets, inventories, local, Boolean(options.signal?.aborted));
    const nowSeconds = (options.nowSeconds ?? (() => Math.floor(Date.now() / 1000)))();
    matrix.columns.forEach((column, index) => {
      const target = targets[index] as FleetTarget;
      const reading = readings[index];
      if (reading?.status !== "fulfilled" || !isGateway(target)) return;
      column.nodes = nodeHealth(target, reading.value, matrix.plugins, { nowSeconds, seenWithinSeconds: options.seenWithinSeconds });
    });
    return { ...matrix, seenWithinSeconds: options.seenWithinSeconds };
  };
  return { add: (targets) => pool.add(targets), finish };
}
