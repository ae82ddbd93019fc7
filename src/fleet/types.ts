import type { ControlPlane, ControlPlaneKind, KonnectApi, Region } from "../konnect/types.js";
import type { Mechanism, SchemaChangeReport } from "./breaking.js";

export type { Mechanism } from "./breaking.js";

/** `--mode`: auto picks per control plane (Dedicated Cloud Gateway → streamed, otherwise schema). */
export type PushMode = "auto" | Mechanism;

/** A plugin read from disk, as the fleet commands send it. */
export interface LocalPlugin {
  name: string;
  /** plugin directory, for messages */
  dir: string;
  schema: string;
  /** handler.lua text; required for streamed pushes */
  handler: string | undefined;
}

/** A selected control plane and what kplug makes of it. */
export interface FleetTarget {
  controlPlane: ControlPlane;
  kind: ControlPlaneKind;
  /** the region it lives in (names repeat across regions: region + id is its identity) */
  region?: Region;
  /** for control plane groups: their members (never pushed to directly) */
  members?: ControlPlane[];
}

export interface ControlPlaneRef {
  id: string;
  name: string;
  kind: ControlPlaneKind;
  region?: Region;
}

/**
 * The client for a region: one per region, all with the same token. Single-region callers (and unit
 * tests) pass one client; a multi-region session passes a lookup.
 */
export type FleetApi = KonnectApi | ((region: Region | undefined) => KonnectApi);

export function apiFor(api: FleetApi, where: { region?: Region | undefined }): KonnectApi {
  return typeof api === "function" ? api(where.region) : api;
}

/** An API failure as reported in outcomes (KonnectError fields when available). */
export interface FleetError {
  message: string;
  status?: number;
  requestId?: string;
  hint?: string;
}

export type PushAction = "create" | "update" | "unchanged" | "skipped" | "refused" | "failed";

/** One outcome per (control plane, plugin). */
export interface PushOutcome {
  controlPlane: ControlPlaneRef;
  plugin: string;
  mechanism?: Mechanism;
  action: PushAction;
  /** true when nothing was written because of --dry-run (action is then the plan) */
  dryRun: boolean;
  /** for failures: the step that failed */
  step?: "read" | "create" | "update";
  /** for updates: the classification of the schema change */
  change?: SchemaChangeReport;
  /** for updates under --dry-run: unified diff remote → local */
  diff?: string;
  /** why it was skipped or refused */
  reason?: string;
  error?: FleetError;
  /** skipped because SIGINT stopped the run before this item started */
  interrupted?: boolean;
  ms: number;
}

export function refOf(target: FleetTarget): ControlPlaneRef {
  return { id: target.controlPlane.id, name: target.controlPlane.name, kind: target.kind, ...(target.region ? { region: target.region } : {}) };
}

/** Pulls what kplug shows from any thrown error (KonnectError carries status, request id and hint). */
export function toFleetError(error: unknown): FleetError {
  if (error instanceof Error) {
    const e = error as Error & { status?: unknown; requestId?: unknown; hint?: unknown };
    return {
      message: e.message,
      ...(typeof e.status === "number" ? { status: e.status } : {}),
      ...(typeof e.requestId === "string" && e.requestId ? { requestId: e.requestId } : {}),
      ...(typeof e.hint === "string" && e.hint ? { hint: e.hint } : {}),
    };
  }
  return { message: String(error) };
}
