import { assessRow, type ControlPlaneReading } from "./status.js";
import { configHashes, seenNodes } from "./status-nodes.js";
import type { FleetTarget } from "./types.js";

/** The data plane nodes of one control plane, against the plugins `list` shows: for `list --nodes`. */
export interface NodeHealth {
  /** node records Konnect holds */
  total: number;
  /** nodes seen within the window */
  seen: number;
  /** seen nodes that can run every listed plugin the control plane holds */
  ready: number;
  /** seen nodes that cannot run at least one of them (a blocking compatibility issue naming it, or too old for a streamed plugin) */
  degraded: number;
  /** every seen node reports the same config hash */
  converged: boolean;
  configHashes: number;
}

/**
 * Counts nodes the way `status` judges them: a node is degraded when `status` would hold it against
 * any of the plugins (one of the listed plugins on this control plane, or any listed plugin for a
 * group, whose plugins live on its members).
 */
export function nodeHealth(
  target: FleetTarget,
  reading: ControlPlaneReading,
  plugins: readonly string[],
  options: { nowSeconds: number; seenWithinSeconds: number },
): NodeHealth {
  const seen = seenNodes(reading.nodes, options.nowSeconds, options.seenWithinSeconds);
  const here = target.kind === "group" ? plugins : plugins.filter((plugin) => reading.remote.some((r) => r.name === plugin));
  const unable = new Set<string>();
  for (const plugin of here) {
    const row = assessRow(target, plugin, reading, undefined, options);
    for (const issue of row.issues) if (issue.blocking) unable.add(issue.node.id);
    for (const node of row.tooOld) unable.add(node.id);
  }
  const hashes = configHashes(seen).length;
  return { total: reading.nodes.length, seen: seen.length, ready: seen.length - unable.size, degraded: unable.size, converged: hashes <= 1, configHashes: hashes };
}
