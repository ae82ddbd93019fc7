import { isUuid, uuidFrom } from "./random.js";
import type { SeedNode, StoredNode } from "./types.js";

/** Raised for a bad node; the store turns it into its own StoreError. */
export class NodeInputError extends Error {}

/**
 * Data plane node records per control plane, in the order they connected (also their cursor order).
 * Kept apart from EmulatorStore's entities: nodes are not configuration, and their compatibility
 * issues are derived from the configuration when served (routes/nodes.ts).
 */
export class NodeStore {
  private byCp = new Map<string, StoredNode[]>();

  constructor(
    private readonly seconds: () => number,
    private readonly changed: () => void,
  ) {}

  list(cpId: string): readonly StoredNode[] {
    return this.byCp.get(cpId) ?? [];
  }

  get(cpId: string, idOrHostname: string): StoredNode | undefined {
    const all = this.list(cpId);
    return all.find((node) => node.id === idOrHostname) ?? all.find((node) => node.hostname === idOrHostname);
  }

  add(cpId: string, input: SeedNode): StoredNode {
    const id = input.id ?? uuidFrom(`kplug-emulator-node:${cpId}:${input.hostname}`);
    if (!isUuid(id)) throw new NodeInputError(`node id "${id}" is not a UUID`);
    if (this.get(cpId, id) || this.list(cpId).some((node) => node.hostname === input.hostname)) {
      throw new NodeInputError(`a node "${input.hostname}" (${id}) already exists on this control plane`);
    }
    const at = this.seconds();
    const node: StoredNode = {
      id,
      hostname: input.hostname,
      version: input.version,
      type: input.type ?? "kong-proxy",
      last_ping: input.last_ping ?? null,
      config_hash: input.config_hash ?? null,
      issues: structuredClone(input.issues ?? []),
      missing_plugins: [...(input.missing_plugins ?? [])],
      created_at: at,
      updated_at: at,
    };
    this.byCp.set(cpId, [...this.list(cpId), node]);
    this.changed();
    return node;
  }

  /** Changes a node in place, e.g. an upgrade (`version`), plugin files installed (`missing_plugins: []`). */
  update(cpId: string, idOrHostname: string, patch: Partial<Omit<SeedNode, "id">>): StoredNode {
    const node = this.get(cpId, idOrHostname);
    if (!node) throw new NodeInputError(`no node "${idOrHostname}" on this control plane`);
    if (patch.hostname !== undefined) node.hostname = patch.hostname;
    if (patch.version !== undefined) node.version = patch.version;
    if (patch.type !== undefined) node.type = patch.type;
    if ("last_ping" in patch) node.last_ping = patch.last_ping ?? null;
    if ("config_hash" in patch) node.config_hash = patch.config_hash ?? null;
    if (patch.issues !== undefined) node.issues = structuredClone(patch.issues);
    if (patch.missing_plugins !== undefined) node.missing_plugins = [...patch.missing_plugins];
    node.updated_at = this.seconds();
    this.changed();
    return node;
  }

  remove(cpId: string, idOrHostname: string): boolean {
    const node = this.get(cpId, idOrHostname);
    if (!node) return false;
    this.byCp.set(cpId, this.list(cpId).filter((other) => other !== node));
    this.changed();
    return true;
  }

  dropControlPlane(cpId: string): void {
    this.byCp.delete(cpId);
  }

  snapshot(): Record<string, StoredNode[]> {
    return Object.fromEntries([...this.byCp].filter(([, list]) => list.length > 0).map(([cpId, list]) => [cpId, structuredClone(list)]));
  }

  restore(nodes: Record<string, StoredNode[]> | undefined): void {
    this.byCp = new Map(Object.entries(structuredClone(nodes ?? {})));
  }
}
