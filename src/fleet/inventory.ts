import type { KonnectApi } from "../konnect/types.js";
import { pluginHash, sameContent } from "./content.js";
import type { NodeHealth } from "./node-health.js";
import { SettlingPool, type Settled } from "./pool.js";
import type { ControlPlaneRef, FleetError, FleetTarget, LocalPlugin, Mechanism } from "./types.js";
import { apiFor, refOf, toFleetError, type FleetApi } from "./types.js";

/** One cell of the plugins × control planes matrix. */
export interface MatrixCell {
  plugin: string;
  present: boolean;
  mechanism?: Mechanism;
  /** sha256 (first 8 hex) of the normalized remote content */
  hash?: string;
  /** compared with the local plugin; undefined when there is no local copy or nothing remote */
  differs?: boolean;
}

export interface MatrixColumn {
  controlPlane: ControlPlaneRef;
  cells: MatrixCell[];
  /** set when the control plane could not be read (its cells are then empty) */
  error?: FleetError;
  /** set for control planes that hold no custom plugins of their own (groups) */
  note?: string;
  /** with `list --nodes`: how many data plane nodes can run the plugins listed */
  nodes?: NodeHealth;
}

export interface LocalHashes {
  schema: string;
  streamed?: string;
}

export interface Matrix {
  plugins: string[];
  /**
   * local hashes per plugin name, when the plugin is local: `schema` covers schema.lua (what a
   * /plugin-schemas copy is compared on), `streamed` schema.lua + handler.lua (what a streamed
   * copy is compared on), when there is a handler.lua
   */
  localHashes: Record<string, LocalHashes>;
  columns: MatrixColumn[];
  interrupted: boolean;
  /** with `list --nodes`: the window within which a node counts as seen */
  seenWithinSeconds?: number;
}

export interface RemotePlugin {
  name: string;
  /** custom plugins (streamed) have an id */
  id?: string;
  mechanism: Mechanism;
  schema: string;
  handler?: string;
}

export interface MatrixReadOptions {
  concurrency: number;
  signal?: AbortSignal;
  onDone?: (target: FleetTarget, error: FleetError | undefined) => void;
}

/** Reads started as targets become known (`add`, in pages), assembled once the list is final (`finish`). */
export interface MatrixReads {
  add(targets: FleetTarget[]): void;
  finish(targets: FleetTarget[]): Promise<Matrix>;
}

/**
 * Reads both custom plugin endpoints of every target. With local plugins, the rows are those
 * plugins; without, every plugin name found on any control plane.
 */
export async function buildMatrix(api: FleetApi, targets: FleetTarget[], local: LocalPlugin[], options: MatrixReadOptions): Promise<Matrix> {
  return startMatrixReads(api, local, options).finish(targets);
}

/** buildMatrix whose reads start as each listing page's targets are known. */
export function startMatrixReads(api: FleetApi, local: LocalPlugin[], options: MatrixReadOptions): MatrixReads {
  const pool = new SettlingPool((target: FleetTarget) => readInventory(apiFor(api, target), target), {
    concurrency: options.concurrency,
    signal: options.signal,
    onSettled: (target, result) => {
      if (result.status !== "not-started") options.onDone?.(target, result.status === "rejected" ? toFleetError(result.reason) : undefined);
    },
  });
  return {
    add: (targets) => pool.add(targets),
    finish: async (targets) => assembleMatrix(targets, await pool.settle(targets), local, Boolean(options.signal?.aborted)),
  };
}

/** The matrix from what each target's read gave (in target order). */
export function assembleMatrix(targets: FleetTarget[], inventories: Settled<RemotePlugin[]>[], local: LocalPlugin[], interrupted: boolean): Matrix {
  const localByName = new Map(local.map((p) => [p.name, p]));
  const names =
    local.length > 0
      ? local.map((p) => p.name)
      : [...new Set(inventories.flatMap((r) => (r.status === "fulfilled" ? r.value.map((p) => p.name) : [])))].sort();
  const columns = inventories.map((result, index) => {
    const target = targets[index] as FleetTarget;
    if (result.status === "not-started") return { controlPlane: refOf(target), cells: [], error: { message: "not read: interrupted" } };
    return columnOf(target, result.status === "fulfilled" ? result.value : undefined, result.status === "rejected" ? result.reason : undefined, names, localByName);
  });
  const localHashes: Record<string, LocalHashes> = {};
  for (const plugin of local) {
    localHashes[plugin.name] = { schema: pluginHash(plugin.schema, undefined), ...(plugin.handler === undefined ? {} : { streamed: pluginHash(plugin.schema, plugin.handler) }) };
  }
  return { plugins: names, localHashes, columns, interrupted };
}

function columnOf(target: FleetTarget, remote: RemotePlugin[] | undefined, error: unknown, names: string[], local: Map<string, LocalPlugin>): MatrixColumn {
  const controlPlane = refOf(target);
  if (target.kind === "group") return { controlPlane, cells: names.map((plugin) => ({ plugin, present: false })), note: "group: plugins live on its members" };
  if (!remote) return { controlPlane, cells: [], error: toFleetError(error) };
  const cells = names.map((plugin): MatrixCell => {
    const found = remote.find((r) => r.name === plugin);
    if (!found) return { plugin, present: false };
    const differs = differsFromLocal(found, local.get(plugin));
    // the hash covers exactly what `differs` compares: the schema, plus the handler when streamed
    const hash = pluginHash(found.schema, found.mechanism === "streamed" ? (found.handler ?? "") : undefined);
    return { plugin, present: true, mechanism: found.mechanism, hash, ...(differs === undefined ? {} : { differs }) };
  });
  return { controlPlane, cells };
}

/** Whether a remote copy differs from the local plugin (the handler counts for streamed ones); undefined without a local copy. */
export function differsFromLocal(remote: RemotePlugin, mine: LocalPlugin | undefined): boolean | undefined {
  if (mine === undefined) return undefined;
  return !sameContent(remote.schema, mine.schema) || (remote.mechanism === "streamed" && !sameContent(remote.handler ?? "", mine.handler ?? ""));
}

/** Every custom plugin on a control plane, from whichever endpoints its kind has. */
export async function readInventory(api: KonnectApi, target: FleetTarget): Promise<RemotePlugin[]> {
  if (target.kind === "group") return [];
  const cpId = target.controlPlane.id;
  // both endpoints at once (one round trip instead of two); the schema endpoint's failure is reported first, as before
  const [schemas, customs] = await Promise.allSettled([
    target.kind !== "dedicated-cloud-gateway" ? api.listPluginSchemas(cpId) : Promise.resolve([]),
    target.kind !== "serverless" ? api.listCustomPlugins(cpId) : Promise.resolve([]),
  ]);
  if (schemas.status === "rejected") throw schemas.reason;
  if (customs.status === "rejected") throw customs.reason;
  return [
    ...schemas.value.map((schema): RemotePlugin => ({ name: schema.name, mechanism: "schema", schema: schema.luaSchema })),
    ...customs.value.map((custom): RemotePlugin => ({ name: custom.name, id: custom.id, mechanism: "streamed", schema: custom.schema, handler: custom.handler })),
  ];
}
