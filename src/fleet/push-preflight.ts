import type { DataPlaneNode } from "../konnect/types.js";
import { decideMechanism } from "./mechanism.js";
import { mapSettled } from "./pool.js";
import { issueNamesPlugin, seenNodes, STREAMED_MIN_VERSION, versionOlderThan } from "./status-nodes.js";
import type { ControlPlaneRef, FleetError, FleetTarget, Mechanism, PushMode, PushOutcome } from "./types.js";
import { apiFor, refOf, toFleetError, type FleetApi } from "./types.js";

/** What a push should know about one control plane's data planes before writing to it. */
export interface PreflightEntry {
  controlPlane: ControlPlaneRef;
  mechanism: Mechanism;
  /** nodes seen within the window */
  nodes: Array<{ hostname: string; version: string }>;
  /** seen nodes too old for a streamed plugin (streamed pushes only) */
  tooOld: Array<{ hostname: string; version: string }>;
  /** the nodes as read, for the check after the push */
  raw: DataPlaneNode[];
  /** the nodes could not be read: the push goes on without the check */
  error?: FleetError;
}

/**
 * One nodes page per control plane the push will write to (groups and refused targets are not
 * read). A failure to read is reported in the entry, never stops the push: the check is advice.
 */
export async function readPushPreflight(
  api: FleetApi,
  targets: FleetTarget[],
  mode: PushMode,
  options: { concurrency: number; signal?: AbortSignal; seenWithinSeconds: number; nowSeconds?: number },
): Promise<PreflightEntry[]> {
  const writable = targets.flatMap((target) => {
    const decision = decideMechanism(target, mode);
    return "mechanism" in decision ? [{ target, mechanism: decision.mechanism }] : [];
  });
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const settled = await mapSettled(writable, ({ target }) => apiFor(api, target).listNodes(target.controlPlane.id), { concurrency: options.concurrency, signal: options.signal });
  return writable.flatMap(({ target, mechanism }, index): PreflightEntry[] => {
    const result = settled[index];
    const base = { controlPlane: refOf(target), mechanism };
    if (!result || result.status === "not-started") return [];
    if (result.status === "rejected") return [{ ...base, nodes: [], tooOld: [], raw: [], error: toFleetError(result.reason) }];
    const seen = seenNodes(result.value, now, options.seenWithinSeconds).map((n) => ({ hostname: n.hostname, version: n.version }));
    const tooOld = mechanism === "streamed" ? seen.filter((n) => versionOlderThan(n.version, STREAMED_MIN_VERSION)) : [];
    return [{ ...base, nodes: seen, tooOld, raw: result.value }];
  });
}

/** (control plane, plugin) pairs just pushed whose data plane nodes report a compatibility issue naming the plugin. */
export function issuesAfterPush(preflight: PreflightEntry[], outcomes: PushOutcome[]): Array<{ controlPlane: ControlPlaneRef; plugin: string; nodes: number }> {
  const found: Array<{ controlPlane: ControlPlaneRef; plugin: string; nodes: number }> = [];
  for (const outcome of outcomes) {
    if (!["create", "update", "unchanged"].includes(outcome.action) || outcome.dryRun) continue;
    // region + id: the same id may exist in two regions
    const entry = preflight.find((e) => e.controlPlane.id === outcome.controlPlane.id && e.controlPlane.region === outcome.controlPlane.region);
    if (!entry) continue;
    const seen = new Set(entry.nodes.map((n) => n.hostname));
    const nodes = entry.raw.filter((node) => seen.has(node.hostname) && node.compatibility.issues.some((issue) => issueNamesPlugin(issue, outcome.plugin, new Set())));
    if (nodes.length > 0) found.push({ controlPlane: outcome.controlPlane, plugin: outcome.plugin, nodes: nodes.length });
  }
  return found;
}
