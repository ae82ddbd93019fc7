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
 * One nodes page per control plane the push will write to (groups and skipped targets are not
 * read), read by a pass of its own that runs beside the pushes, in the same order and with the same
 * concurrency: one request per control plane against the pushes' two, so it runs ahead of them and
 * costs no round trip of its own. A failure to read is reported in the entry, never stops or fails
 * the push: the check is advice.
 */
export class PushPreflight {
  private readonly mechanisms = new Map<FleetTarget, Mechanism>();
  private readonly read = new Map<FleetTarget, PreflightEntry>();

  constructor(
    private readonly api: FleetApi,
    private readonly targets: readonly FleetTarget[],
    mode: PushMode,
    private readonly options: { seenWithinSeconds: number; nowSeconds?: number },
  ) {
    for (const target of targets) {
      const decision = decideMechanism(target, mode);
      if ("mechanism" in decision) this.mechanisms.set(target, decision.mechanism);
    }
  }

  /** reads every control plane's nodes, `concurrency` at a time; an abort stops starting new reads */
  async run(options: { concurrency: number; signal?: AbortSignal }): Promise<void> {
    await mapSettled([...this.mechanisms], ([target, mechanism]) => this.readNodes(target, mechanism), options);
  }

  private async readNodes(target: FleetTarget, mechanism: Mechanism): Promise<void> {
    const base = { controlPlane: refOf(target), mechanism };
    let entry: PreflightEntry;
    try {
      const raw = await apiFor(this.api, target).listNodes(target.controlPlane.id);
      const now = this.options.nowSeconds ?? Math.floor(Date.now() / 1000);
      const seen = seenNodes(raw, now, this.options.seenWithinSeconds).map((n) => ({ hostname: n.hostname, version: n.version }));
      const tooOld = mechanism === "streamed" ? seen.filter((n) => versionOlderThan(n.version, STREAMED_MIN_VERSION)) : [];
      entry = { ...base, nodes: seen, tooOld, raw };
    } catch (error) {
      entry = { ...base, nodes: [], tooOld: [], raw: [], error: toFleetError(error) };
    }
    this.read.set(target, entry);
  }

  /** every control plane written to has been read */
  get complete(): boolean {
    return this.read.size === this.mechanisms.size;
  }

  /** what was read so far, in target order (control planes an interruption left unread have none) */
  entries(): PreflightEntry[] {
    return this.targets.flatMap((target) => this.read.get(target) ?? []);
  }
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
