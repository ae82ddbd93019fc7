import type { KonnectApi } from "../konnect/types.js";
import { classifySchemaChange } from "./breaking.js";
import { normalizeContent, sameContent } from "./content.js";
import { unifiedDiff } from "./line-diff.js";
import { decideMechanism } from "./mechanism.js";
import { mapSettled } from "./pool.js";
import type { FleetTarget, LocalPlugin, Mechanism, PushMode, PushOutcome } from "./types.js";
import { apiFor, refOf, toFleetError, type FleetApi } from "./types.js";

export interface PushOptions {
  mode: PushMode;
  dryRun: boolean;
  allowBreaking: boolean;
  concurrency: number;
  /**
   * Why a plugin must not go out by this mechanism (e.g. it fails the streamed checks), or
   * undefined: the push is refused only where that mechanism is used; the rest proceed.
   */
  refuse?: (plugin: string, mechanism: Mechanism) => string | undefined;
  /** SIGINT: no new control plane (or plugin) starts; requests in flight finish */
  signal?: AbortSignal;
  onStart?: (target: FleetTarget) => void;
  /** one call per control plane, as soon as all its plugins are settled */
  onDone?: (target: FleetTarget, outcomes: PushOutcome[]) => void;
  now?: () => number;
}

export interface PushRun {
  /** target-major, plugin-minor, in input order */
  outcomes: PushOutcome[];
  interrupted: boolean;
}

/** Pushes every plugin to every target with bounded concurrency across control planes. */
export async function executePush(api: FleetApi, targets: FleetTarget[], plugins: LocalPlugin[], options: PushOptions): Promise<PushRun> {
  const now = options.now ?? Date.now;
  const settled = await mapSettled(targets, (target) => pushToControlPlane(apiFor(api, target), target, plugins, options, now), {
    concurrency: options.concurrency,
    signal: options.signal,
    onStart: (target) => options.onStart?.(target),
    onSettled: (target, result) => {
      if (result.status === "fulfilled") options.onDone?.(target, result.value);
    },
  });
  const outcomes: PushOutcome[] = [];
  settled.forEach((result, index) => {
    const target = targets[index] as FleetTarget;
    if (result.status === "fulfilled") outcomes.push(...result.value);
    else if (result.status === "rejected") {
      // pushToControlPlane catches per plugin; this is a bug path, still reported per plugin
      for (const plugin of plugins) outcomes.push({ controlPlane: refOf(target), plugin: plugin.name, action: "failed", dryRun: options.dryRun, error: toFleetError(result.reason), ms: 0 });
    } else {
      for (const plugin of plugins) outcomes.push(notStarted(target, plugin, options.dryRun));
    }
  });
  return { outcomes, interrupted: Boolean(options.signal?.aborted) };
}

function notStarted(target: FleetTarget, plugin: LocalPlugin, dryRun: boolean): PushOutcome {
  return { controlPlane: refOf(target), plugin: plugin.name, action: "skipped", dryRun, interrupted: true, reason: "not started: interrupted", ms: 0 };
}

/** All plugins on one control plane, one after another (they share its rate and its failures). */
async function pushToControlPlane(api: KonnectApi, target: FleetTarget, plugins: LocalPlugin[], options: PushOptions, now: () => number): Promise<PushOutcome[]> {
  const decision = decideMechanism(target, options.mode);
  const outcomes: PushOutcome[] = [];
  for (const plugin of plugins) {
    if ("action" in decision) {
      outcomes.push({ controlPlane: refOf(target), plugin: plugin.name, action: decision.action, reason: decision.reason, dryRun: options.dryRun, ms: 0 });
      continue;
    }
    if (options.signal?.aborted) {
      outcomes.push(notStarted(target, plugin, options.dryRun));
      continue;
    }
    const refusal = options.refuse?.(plugin.name, decision.mechanism);
    if (refusal) {
      outcomes.push({ controlPlane: refOf(target), plugin: plugin.name, mechanism: decision.mechanism, action: "refused", reason: refusal, dryRun: options.dryRun, ms: 0 });
      continue;
    }
    outcomes.push(await pushOne(api, target, plugin, decision.mechanism, options, now));
  }
  return outcomes;
}

interface RemoteCopy {
  schema: string;
  handler?: string;
  /** custom plugins are updated by id */
  id?: string;
}

async function readRemote(api: KonnectApi, cpId: string, name: string, mechanism: Mechanism): Promise<RemoteCopy | undefined> {
  if (mechanism === "schema") {
    const remote = await api.getPluginSchema(cpId, name);
    return remote && { schema: remote.luaSchema };
  }
  const remote = await api.getCustomPlugin(cpId, name);
  return remote && { schema: remote.schema, handler: remote.handler, id: remote.id };
}

async function pushOne(api: KonnectApi, target: FleetTarget, plugin: LocalPlugin, mechanism: Mechanism, options: PushOptions, now: () => number): Promise<PushOutcome> {
  const started = now();
  const base = { controlPlane: refOf(target), plugin: plugin.name, mechanism, dryRun: options.dryRun };
  const elapsed = (): number => Math.round(now() - started);
  if (mechanism === "streamed" && plugin.handler === undefined) {
    return { ...base, action: "refused", reason: `streamed plugins need a handler.lua next to schema.lua in ${plugin.dir}`, ms: 0 };
  }
  const cpId = target.controlPlane.id;
  let remote: RemoteCopy | undefined;
  try {
    remote = await readRemote(api, cpId, plugin.name, mechanism);
  } catch (error) {
    return { ...base, action: "failed", step: "read", error: toFleetError(error), ms: elapsed() };
  }

  if (!remote) {
    if (options.dryRun) return { ...base, action: "create", ms: elapsed() };
    try {
      if (mechanism === "schema") await api.createPluginSchema(cpId, plugin.schema);
      else await api.createCustomPlugin(cpId, { name: plugin.name, schema: plugin.schema, handler: plugin.handler ?? "" });
      return { ...base, action: "create", ms: elapsed() };
    } catch (error) {
      return { ...base, action: "failed", step: "create", error: toFleetError(error), ms: elapsed() };
    }
  }

  const schemaSame = sameContent(remote.schema, plugin.schema);
  const handlerSame = mechanism === "schema" || sameContent(remote.handler ?? "", plugin.handler ?? "");
  if (schemaSame && handlerSame) return { ...base, action: "unchanged", ms: elapsed() };

  // Only a schema change can break data planes; a handler-only change is logic (no schema update needed).
  const change = schemaSame ? undefined : classifySchemaChange(remote.schema, plugin.schema, mechanism);
  const diff = options.dryRun ? diffOf(remote, plugin, mechanism, target.controlPlane.name) : undefined;
  if (change?.breaking && !options.allowBreaking) {
    return { ...base, action: "refused", change, ...(diff ? { diff } : {}), reason: `breaking change (${change.upgradePath}); rerun with --allow-breaking after planning the upgrade`, ms: elapsed() };
  }
  if (options.dryRun) return { ...base, action: "update", ...(change ? { change } : {}), ...(diff ? { diff } : {}), ms: elapsed() };
  try {
    if (mechanism === "schema") await api.putPluginSchema(cpId, plugin.name, plugin.schema);
    else await api.putCustomPlugin(cpId, remote.id ?? plugin.name, { name: plugin.name, schema: plugin.schema, handler: plugin.handler ?? "" });
    return { ...base, action: "update", ...(change ? { change } : {}), ms: elapsed() };
  } catch (error) {
    return { ...base, action: "failed", step: "update", ...(change ? { change } : {}), error: toFleetError(error), ms: elapsed() };
  }
}

/** remote → local, the direction a push goes. */
export function diffOf(remote: { schema: string; handler?: string }, plugin: LocalPlugin, mechanism: Mechanism, cpName: string): string {
  // normalized on both sides: whitespace a push would not change is not shown either
  const parts = [unifiedDiff(normalizeContent(remote.schema), normalizeContent(plugin.schema), { old: `${cpName}/${plugin.name}/schema.lua`, new: `local/${plugin.name}/schema.lua` })];
  if (mechanism === "streamed") {
    parts.push(unifiedDiff(normalizeContent(remote.handler ?? ""), normalizeContent(plugin.handler ?? ""), { old: `${cpName}/${plugin.name}/handler.lua`, new: `local/${plugin.name}/handler.lua` }));
  }
  return parts.join("");
}
