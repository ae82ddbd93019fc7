import type { KonnectApi } from "../konnect/types.js";
import type { SchemaChangeReport } from "./breaking.js";
import { classifySchemaChange } from "./breaking.js";
import { sameContent } from "./content.js";
import { decideMechanism } from "./mechanism.js";
import { mapSettled } from "./pool.js";
import { diffOf } from "./push.js";
import type { ControlPlaneRef, FleetError, FleetTarget, LocalPlugin, Mechanism, PushMode } from "./types.js";
import { apiFor, refOf, toFleetError, type FleetApi } from "./types.js";

export type DiffStatus = "identical" | "different" | "missing" | "skipped" | "error";

/** local vs one control plane, for one plugin. */
export interface DiffResult {
  controlPlane: ControlPlaneRef;
  plugin: string;
  mechanism?: Mechanism;
  status: DiffStatus;
  /** unified diff, remote (---) → local (+++); for "missing" the whole local file */
  diff?: string;
  change?: SchemaChangeReport;
  reason?: string;
  error?: FleetError;
}

/** What `kplug push` would change, without changing anything: every target × plugin. */
export async function compareFleet(
  api: FleetApi,
  targets: FleetTarget[],
  plugins: LocalPlugin[],
  options: { mode: PushMode; concurrency: number; signal?: AbortSignal },
): Promise<{ results: DiffResult[]; interrupted: boolean }> {
  const settled = await mapSettled(targets, (target) => compareControlPlane(apiFor(api, target), target, plugins, options.mode), {
    concurrency: options.concurrency,
    signal: options.signal,
  });
  const results: DiffResult[] = [];
  settled.forEach((result, index) => {
    const target = targets[index] as FleetTarget;
    if (result.status === "fulfilled") results.push(...result.value);
    else
      for (const plugin of plugins)
        results.push({
          controlPlane: refOf(target),
          plugin: plugin.name,
          status: "error",
          error: result.status === "rejected" ? toFleetError(result.reason) : { message: "not compared: interrupted" },
        });
  });
  return { results, interrupted: Boolean(options.signal?.aborted) };
}

async function compareControlPlane(api: KonnectApi, target: FleetTarget, plugins: LocalPlugin[], mode: PushMode): Promise<DiffResult[]> {
  const decision = decideMechanism(target, mode);
  const results: DiffResult[] = [];
  for (const plugin of plugins) {
    const base = { controlPlane: refOf(target), plugin: plugin.name };
    if ("action" in decision) {
      results.push({ ...base, status: "skipped", reason: decision.reason });
      continue;
    }
    const mechanism = decision.mechanism;
    try {
      const remote: { schema: string; handler?: string } | undefined =
        mechanism === "schema"
          ? await api.getPluginSchema(target.controlPlane.id, plugin.name).then((r) => r && { schema: r.luaSchema })
          : await api.getCustomPlugin(target.controlPlane.id, plugin.name).then((r) => r && { schema: r.schema, handler: r.handler });
      if (!remote) {
        results.push({ ...base, mechanism, status: "missing", diff: diffOf({ schema: "", handler: "" }, plugin, mechanism, target.controlPlane.name) });
        continue;
      }
      const same = sameContent(remote.schema, plugin.schema) && (mechanism === "schema" || sameContent(remote.handler ?? "", plugin.handler ?? ""));
      if (same) {
        results.push({ ...base, mechanism, status: "identical" });
        continue;
      }
      const change = sameContent(remote.schema, plugin.schema) ? undefined : classifySchemaChange(remote.schema, plugin.schema, mechanism);
      results.push({ ...base, mechanism, status: "different", diff: diffOf(remote, plugin, mechanism, target.controlPlane.name), ...(change ? { change } : {}) });
    } catch (error) {
      results.push({ ...base, mechanism, status: "error", error: toFleetError(error) });
    }
  }
  return results;
}
