import type { KonnectApi } from "../konnect/types.js";
import { mapSettled } from "./pool.js";
import { configHashes, isBlocking, seenNodes } from "./status-nodes.js";
import type { FleetError, FleetTarget } from "./types.js";
import { toFleetError } from "./types.js";

/** Data plane health of one control plane, plugin by plugin aside: for `list --nodes`. */
export interface NodeSummary {
  /** seen nodes with no blocking compatibility issue */
  ready: number;
  /** seen nodes with at least one (error-level) compatibility issue */
  degraded: number;
  /** node records not seen within the window */
  stale: number;
  /** seen nodes report more than one config hash */
  unconverged: boolean;
  error?: FleetError;
}

/** One nodes read per control plane (its first page holds up to 100 nodes). */
export async function readNodeSummaries(
  api: KonnectApi,
  targets: FleetTarget[],
  options: { concurrency: number; signal?: AbortSignal; seenWithinSeconds: number; nowSeconds?: number },
): Promise<Map<string, NodeSummary>> {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const settled = await mapSettled(targets, (target) => api.listNodes(target.controlPlane.id), { concurrency: options.concurrency, signal: options.signal });
  const summaries = new Map<string, NodeSummary>();
  settled.forEach((result, index) => {
    const id = (targets[index] as FleetTarget).controlPlane.id;
    if (result.status === "fulfilled") {
      const seen = seenNodes(result.value, now, options.seenWithinSeconds);
      const degraded = seen.filter((node) => node.compatibility.issues.some(isBlocking)).length;
      summaries.set(id, { ready: seen.length - degraded, degraded, stale: result.value.length - seen.length, unconverged: configHashes(seen).length > 1 });
    } else if (result.status === "rejected") {
      summaries.set(id, { ready: 0, degraded: 0, stale: 0, unconverged: false, error: toFleetError(result.reason) });
    }
  });
  return summaries;
}

export function nodeSummaryText(summary: NodeSummary | undefined): string {
  if (!summary) return "-";
  if (summary.error) return "error";
  if (summary.ready + summary.degraded === 0) return summary.stale > 0 ? `none seen (${summary.stale} stale)` : "none";
  const parts = [`${summary.ready} ready`];
  if (summary.degraded > 0) parts.push(`${summary.degraded} degraded`);
  if (summary.unconverged) parts.push("unconverged");
  return parts.join(", ");
}
