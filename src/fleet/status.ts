import type { DataPlaneNode, KonnectApi, PluginInstance } from "../konnect/types.js";
import { pluginHash } from "./content.js";
import { differsFromLocal, readInventory, type RemotePlugin } from "./inventory.js";
import { mapSettled } from "./pool.js";
import { configHashes, isBlocking, issueNamesPlugin, needsInstanceIds, seenNodes, STREAMED_MIN_VERSION, versionOlderThan } from "./status-nodes.js";
import type { ControlPlaneRef, FleetError, FleetTarget, LocalPlugin, Mechanism } from "./types.js";
import { apiFor, refOf, toFleetError, type FleetApi } from "./types.js";

export type Verdict = "ready" | "degraded" | "not running" | "no data planes" | "unknown";
export const VERDICTS: readonly Verdict[] = ["ready", "degraded", "not running", "no data planes", "unknown"];

export interface NodeRef {
  id: string;
  hostname: string;
  version: string;
}

/** A compatibility issue of one node that names the plugin or its instances, in Konnect's words. */
export interface StatusIssue {
  node: NodeRef;
  code: string;
  severity: string;
  description: string;
  resolution: string;
  documentationUrl?: string;
  /** false for warnings: the node still runs the plugin */
  blocking: boolean;
}

/** One (control plane, plugin) row of `kplug status`. */
export interface StatusRow {
  controlPlane: ControlPlaneRef;
  plugin: string;
  verdict: Verdict;
  /** why the verdict is not ready, one short sentence each */
  reasons: string[];
  /** on the control plane (undefined for groups: plugins live on their members) */
  present?: boolean;
  mechanism?: Mechanism;
  /** sha256 (first 8 hex) of the remote schema, as `list` shows it */
  hash?: string;
  /** same content as the local plugin; undefined without a local copy or a remote one */
  current?: boolean;
  nodes: {
    /** node records Konnect holds */
    total: number;
    /** seen within the window */
    seen: number;
    /** seen nodes that can run the plugin */
    canRun: number;
    /** versions of the seen nodes, with counts */
    versions: Record<string, number>;
    /** every seen node reports the same config hash */
    converged: boolean;
    configHashes: number;
  };
  /** seen nodes whose version is too old for the mechanism */
  tooOld: NodeRef[];
  issues: StatusIssue[];
  note?: string;
  error?: FleetError;
}

export interface StatusOptions {
  /** a node counts when it pinged within this many seconds */
  seenWithinSeconds: number;
  concurrency: number;
  signal?: AbortSignal;
  /** unix seconds (default: now) */
  nowSeconds?: () => number;
  /** the plugins to report (default: the local ones, else every plugin found) */
  pluginNames?: string[];
}

export interface StatusReport {
  plugins: string[];
  localHashes: Record<string, string>;
  seenWithinSeconds: number;
  rows: StatusRow[];
  interrupted: boolean;
}

/** What one control plane told us: its custom plugins, its nodes and, when issues need them, its plugin instances. */
export interface ControlPlaneReading {
  remote: RemotePlugin[];
  nodes: DataPlaneNode[];
  instances: PluginInstance[];
}

/** One nodes page (and what `list` reads) per control plane; plugin instances only when an issue names instances without naming a plugin. */
export async function readControlPlane(api: KonnectApi, target: FleetTarget, plugins: readonly string[] | undefined): Promise<ControlPlaneReading> {
  const [remote, nodes] = await Promise.all([readInventory(api, target), api.listNodes(target.controlPlane.id)]);
  const names = plugins ?? remote.map((r) => r.name);
  const instances = needsInstanceIds(nodes, names) ? await api.listPluginInstances(target.controlPlane.id) : [];
  return { remote, nodes, instances };
}

function nodeRef(node: DataPlaneNode): NodeRef {
  return { id: node.id, hostname: node.hostname, version: node.version };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The verdict for one plugin on one control plane, from what the control plane told us. Pure. */
export function assessRow(
  target: FleetTarget,
  plugin: string,
  reading: ControlPlaneReading,
  local: LocalPlugin | undefined,
  options: { nowSeconds: number; seenWithinSeconds: number },
): StatusRow {
  const group = target.kind === "group";
  const found = reading.remote.filter((r) => r.name === plugin);
  // a plugin on both endpoints runs from its files where they exist, so only a streamed-only plugin needs 3.15
  const primary = found.find((r) => r.mechanism === "schema") ?? found[0];
  const seen = seenNodes(reading.nodes, options.nowSeconds, options.seenWithinSeconds);
  const ids = new Set([...reading.instances.filter((i) => i.name === plugin).map((i) => i.id), ...found.flatMap((r) => (r.id ? [r.id] : []))]);

  const issues: StatusIssue[] = [];
  const unable = new Set<string>();
  const tooOld: NodeRef[] = [];
  for (const node of seen) {
    for (const issue of node.compatibility.issues) {
      if (!issueNamesPlugin(issue, plugin, ids)) continue;
      const blocking = isBlocking(issue);
      if (blocking) unable.add(node.id);
      issues.push({
        node: nodeRef(node),
        code: issue.code,
        severity: issue.severity,
        description: issue.description,
        resolution: issue.resolution,
        ...(issue.documentationUrl ? { documentationUrl: issue.documentationUrl } : {}),
        blocking,
      });
    }
    if (primary?.mechanism === "streamed" && versionOlderThan(node.version, STREAMED_MIN_VERSION)) {
      tooOld.push(nodeRef(node));
      unable.add(node.id);
    }
  }
  const versions: Record<string, number> = {};
  for (const node of seen) versions[node.version || "unknown"] = (versions[node.version || "unknown"] ?? 0) + 1;
  const hashes = configHashes(seen);
  const canRun = seen.length - unable.size;
  const converged = hashes.length <= 1;

  const reasons: string[] = [];
  let verdict: Verdict;
  const stale = reading.nodes.length - seen.length;
  if (seen.length === 0) {
    verdict = "no data planes";
    reasons.push(`no data plane node seen in the last ${formatSeconds(options.seenWithinSeconds)}${stale > 0 ? ` (${plural(stale, "older node record")})` : ""}`);
  } else if (!group && !primary) {
    verdict = "not running";
    reasons.push("the plugin is not on this control plane");
  } else {
    if (tooOld.length > 0) reasons.push(`${plural(tooOld.length, "node")} older than ${STREAMED_MIN_VERSION.join(".")}, which streamed plugins need`);
    const withIssues = new Set(issues.filter((i) => i.blocking).map((i) => i.node.id)).size;
    if (withIssues > 0) reasons.push(`${plural(withIssues, "node")} report${withIssues === 1 ? "s" : ""} a compatibility issue for it`);
    if (!converged) reasons.push(`configuration not converged: ${hashes.length} config hashes across ${plural(seen.length, "node")}`);
    verdict = canRun === 0 ? "not running" : reasons.length > 0 ? "degraded" : "ready";
  }

  const differs = primary ? differsFromLocal(primary, local) : undefined;
  const row: StatusRow = {
    controlPlane: refOf(target),
    plugin,
    verdict,
    reasons,
    ...(group ? {} : { present: primary !== undefined }),
    // the same hash as `list`: the schema, plus the handler when streamed
    ...(primary ? { mechanism: primary.mechanism, hash: pluginHash(primary.schema, primary.mechanism === "streamed" ? (primary.handler ?? "") : undefined) } : {}),
    ...(differs === undefined ? {} : { current: !differs }),
    nodes: { total: reading.nodes.length, seen: seen.length, canRun: !group && !primary ? 0 : Math.max(0, canRun), versions, converged, configHashes: hashes.length },
    tooOld,
    issues,
  };
  if (group) row.note = `control plane group: the plugin lives on its members${target.members?.length ? ` (${target.members.map((m) => m.name).join(", ")})` : ""}`;
  else if (primary?.mechanism === "schema" && seen.length > 0 && !reasons.length && !issues.length) {
    // Konnect learns of missing files only from nodes that were sent configuration using the plugin
    row.note = "for /plugin-schemas plugins, Konnect reports a node lacking the plugin's files only once an instance of the plugin is configured";
  }
  return row;
}

export function formatSeconds(seconds: number): string {
  if (seconds === 0) return "0s";
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function failedRow(target: FleetTarget, plugin: string, error: FleetError): StatusRow {
  return {
    controlPlane: refOf(target),
    plugin,
    verdict: "unknown",
    reasons: [`could not read the control plane: ${error.message}`],
    nodes: { total: 0, seen: 0, canRun: 0, versions: {}, converged: true, configHashes: 0 },
    tooOld: [],
    issues: [],
    error,
  };
}

/** Control planes kplug reports data planes for: Kong Gateway ones, groups included. */
export function statusTargets(targets: FleetTarget[]): FleetTarget[] {
  return targets.filter((t) => t.kind !== "other");
}

/**
 * Reads every target (one nodes page each, plus what `list` reads) and assesses each plugin on it.
 * Rows are control-plane-major, in target order. With local plugins the rows are theirs; without,
 * every plugin name found on any control plane.
 */
export async function collectStatus(api: FleetApi, targets: FleetTarget[], local: LocalPlugin[], options: StatusOptions): Promise<StatusReport> {
  const wanted = options.pluginNames ?? (local.length > 0 ? local.map((p) => p.name) : undefined);
  const readings = await mapSettled(targets, (target) => readControlPlane(apiFor(api, target), target, wanted), { concurrency: options.concurrency, signal: options.signal });
  const plugins = wanted ?? [...new Set(readings.flatMap((r) => (r.status === "fulfilled" ? r.value.remote.map((p) => p.name) : [])))].sort();
  const nowSeconds = (options.nowSeconds ?? (() => Math.floor(Date.now() / 1000)))();
  const localByName = new Map(local.map((p) => [p.name, p]));
  const rows: StatusRow[] = [];
  readings.forEach((result, index) => {
    const target = targets[index] as FleetTarget;
    // without named plugins, a row is only where a plugin is: absence everywhere else says nothing
    const named = wanted !== undefined;
    const here = result.status === "fulfilled" && !named ? plugins.filter((plugin) => result.value.remote.some((r) => r.name === plugin)) : plugins;
    rows.push(
      ...here.map((plugin) => {
      if (result.status === "fulfilled") return assessRow(target, plugin, result.value, localByName.get(plugin), { nowSeconds, seenWithinSeconds: options.seenWithinSeconds });
        return failedRow(target, plugin, result.status === "rejected" ? toFleetError(result.reason) : { message: "not read: interrupted" });
      }),
    );
  });
  const localHashes: Record<string, string> = {};
  for (const plugin of local) localHashes[plugin.name] = pluginHash(plugin.schema, undefined);
  return { plugins, localHashes, seenWithinSeconds: options.seenWithinSeconds, rows, interrupted: Boolean(options.signal?.aborted) };
}

export function allReady(report: StatusReport): boolean {
  return report.rows.every((row) => row.verdict === "ready");
}

export function countVerdicts(rows: readonly StatusRow[]): Record<Verdict, number> {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const row of rows) counts[row.verdict] += 1;
  return counts;
}
