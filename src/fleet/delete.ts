import type { KonnectApi, PluginInstance } from "../konnect/types.js";
import { mapSettled } from "./pool.js";
import type { ControlPlaneRef, FleetError, FleetTarget, Mechanism } from "./types.js";
import { apiFor, refOf, toFleetError, type FleetApi } from "./types.js";

/** What deleting a plugin means on one control plane, found before anything is deleted. */
export interface DeletePlan {
  controlPlane: ControlPlaneRef;
  plugin: string;
  /** where the plugin is: schema (/plugin-schemas), streamed (/custom-plugins), both, or neither */
  found: Mechanism[];
  /** plugin instances that use it: Konnect asks to remove them first */
  instances: PluginInstance[];
  /** custom plugin id, for the streamed delete */
  customPluginId?: string;
  skipped?: string;
  error?: FleetError;
}

export type DeleteAction = "deleted" | "absent" | "refused" | "skipped" | "failed";

export interface DeleteOutcome {
  controlPlane: ControlPlaneRef;
  plugin: string;
  action: DeleteAction;
  mechanisms: Mechanism[];
  instances: number;
  reason?: string;
  error?: FleetError;
  interrupted?: boolean;
}

export async function planDelete(api: FleetApi, targets: FleetTarget[], name: string, options: { concurrency: number; signal?: AbortSignal }): Promise<DeletePlan[]> {
  const settled = await mapSettled(targets, (target) => planOne(apiFor(api, target), target, name), options);
  return settled.map((result, index) => {
    const target = targets[index] as FleetTarget;
    if (result.status === "fulfilled") return result.value;
    const error = result.status === "rejected" ? toFleetError(result.reason) : { message: "not read: interrupted" };
    return { controlPlane: refOf(target), plugin: name, found: [], instances: [], error };
  });
}

async function planOne(api: KonnectApi, target: FleetTarget, name: string): Promise<DeletePlan> {
  const base = { controlPlane: refOf(target), plugin: name };
  if (target.kind === "group") {
    return { ...base, found: [], instances: [], skipped: "control plane group: delete from its members" };
  }
  const cpId = target.controlPlane.id;
  const found: Mechanism[] = [];
  let customPluginId: string | undefined;
  if (target.kind !== "dedicated-cloud-gateway" && (await api.getPluginSchema(cpId, name))) found.push("schema");
  if (target.kind !== "serverless") {
    const custom = await api.getCustomPlugin(cpId, name);
    if (custom) {
      found.push("streamed");
      customPluginId = custom.id;
    }
  }
  const instances = found.length > 0 ? await api.listPluginInstances(cpId, name) : [];
  return { ...base, found, instances, ...(customPluginId ? { customPluginId } : {}) };
}

/**
 * Deletes where planned; refuses where instances exist unless `force`, which removes those instances
 * first (Konnect's order: instances, then the plugin; it refuses to delete a schema still in use).
 */
export async function executeDelete(
  api: FleetApi,
  plans: DeletePlan[],
  options: { force: boolean; concurrency: number; signal?: AbortSignal; onDone?: (outcome: DeleteOutcome) => void },
): Promise<DeleteOutcome[]> {
  const settled = await mapSettled(plans, (plan) => deleteOne(apiFor(api, plan.controlPlane), plan, options.force), {
    concurrency: options.concurrency,
    signal: options.signal,
    onSettled: (_plan, result) => {
      if (result.status === "fulfilled") options.onDone?.(result.value);
    },
  });
  return settled.map((result, index) => {
    const plan = plans[index] as DeletePlan;
    const base = { controlPlane: plan.controlPlane, plugin: plan.plugin, mechanisms: plan.found, instances: plan.instances.length };
    if (result.status === "fulfilled") return result.value;
    if (result.status === "rejected") return { ...base, action: "failed", error: toFleetError(result.reason) };
    return { ...base, action: "skipped", interrupted: true, reason: "not started: interrupted" };
  });
}

async function deleteOne(api: KonnectApi, plan: DeletePlan, force: boolean): Promise<DeleteOutcome> {
  const base = { controlPlane: plan.controlPlane, plugin: plan.plugin, mechanisms: plan.found, instances: plan.instances.length };
  if (plan.error) return { ...base, action: "failed", error: plan.error };
  if (plan.skipped) return { ...base, action: "skipped", reason: plan.skipped };
  if (plan.found.length === 0) return { ...base, action: "absent" };
  if (plan.instances.length > 0 && !force) {
    return { ...base, action: "refused", reason: `${plan.instances.length} plugin instance(s) use it; remove them first or pass --force` };
  }
  try {
    for (const instance of plan.instances) await api.deletePluginInstance(plan.controlPlane.id, instance.id);
    if (plan.found.includes("schema")) await api.deletePluginSchema(plan.controlPlane.id, plan.plugin);
    if (plan.found.includes("streamed")) await api.deleteCustomPlugin(plan.controlPlane.id, plan.customPluginId ?? plan.plugin);
    return { ...base, action: "deleted", ...(plan.instances.length > 0 ? { reason: `after removing ${plan.instances.length} plugin instance(s)` } : {}) };
  } catch (error) {
    return { ...base, action: "failed", error: toFleetError(error) };
  }
}
