import { NodeInputError, NodeStore } from "./node-store.js";
import { isUuid, uuidFrom } from "./random.js";
import { deriveSchemaName } from "./schema-name.js";
import type {
  ClusterType,
  EmulatorSeed,
  EmulatorStateSnapshot,
  SeedControlPlane,
  SeedCustomPlugin,
  SeedPlugin,
  StoredControlPlane,
  StoredCustomPlugin,
  StoredPlugin,
  StoredPluginSchema,
} from "./types.js";

/** Thrown by store operations; routes turn it into the endpoint's error shape. */
export class StoreError extends Error {
  constructor(
    readonly kind: "not-found" | "conflict" | "invalid" | "in-use" | "read-only",
    message: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

const fixedSeedTime = "2026-01-05T09:00:00.000Z";

/**
 * The emulator's state: control planes and, per control plane, plugin schemas, custom plugins and
 * plugin instances. Synchronous and in memory; `onChange` lets the server persist after mutations.
 */
export class EmulatorStore {
  private controlPlanes: StoredControlPlane[] = [];
  private pluginSchemas = new Map<string, StoredPluginSchema[]>();
  private customPlugins = new Map<string, StoredCustomPlugin[]>();
  private plugins = new Map<string, StoredPlugin[]>();
  private idCounter = 0;
  /** called after every mutation */
  onChange: () => void = () => {};
  /** data plane node records */
  readonly nodes: NodeStore;

  constructor(
    private readonly now: () => number,
    private readonly idSeed: number,
  ) {
    this.nodes = new NodeStore(() => this.seconds(), () => this.onChange());
  }

  // ---- control planes

  listControlPlanes(): readonly StoredControlPlane[] {
    return this.controlPlanes;
  }

  /** by id, or by exact name when `byName` */
  findControlPlane(idOrName: string, byName = false): StoredControlPlane | undefined {
    return this.controlPlanes.find((cp) => cp.id === idOrName) ?? (byName ? this.controlPlanes.find((cp) => cp.name === idOrName) : undefined);
  }

  addControlPlane(input: SeedControlPlane): StoredControlPlane {
    if (this.controlPlanes.some((cp) => cp.name === input.name)) throw new StoreError("conflict", `a control plane named "${input.name}" already exists`);
    const id = input.id ?? uuidFrom(`kplug-emulator:${input.name}`);
    if (!isUuid(id)) throw new StoreError("invalid", `control plane id "${id}" is not a UUID`);
    if (this.findControlPlane(id)) throw new StoreError("conflict", `a control plane with id ${id} already exists`);
    const clusterType: ClusterType = input.cluster_type ?? "CLUSTER_TYPE_CONTROL_PLANE";
    const createdAt = input.created_at ?? fixedSeedTime;
    const cp: StoredControlPlane = {
      id,
      name: input.name,
      description: input.description ?? "",
      labels: { ...(input.labels ?? {}) },
      cluster_type: clusterType,
      cloud_gateway: input.cloud_gateway ?? false,
      auth_type: input.auth_type ?? "pinned_client_certs",
      created_at: createdAt,
      updated_at: createdAt,
    };
    if (clusterType === "CLUSTER_TYPE_CONTROL_PLANE_GROUP") {
      cp.members = (input.members ?? []).map((member) => {
        const found = this.findControlPlane(member, true);
        if (!found) throw new StoreError("not-found", `group "${input.name}": member "${member}" is not a known control plane (list members after them)`);
        return found.id;
      });
    } else if (input.members?.length) {
      throw new StoreError("invalid", `control plane "${input.name}" has members but is not a CLUSTER_TYPE_CONTROL_PLANE_GROUP`);
    }
    this.controlPlanes.push(cp);
    this.onChange();
    return cp;
  }

  removeControlPlane(id: string): void {
    const index = this.controlPlanes.findIndex((cp) => cp.id === id);
    if (index < 0) throw new StoreError("not-found", `no control plane ${id}`);
    this.controlPlanes.splice(index, 1);
    for (const cp of this.controlPlanes) if (cp.members) cp.members = cp.members.filter((member) => member !== id);
    this.pluginSchemas.delete(id);
    this.customPlugins.delete(id);
    this.plugins.delete(id);
    this.nodes.dropControlPlane(id);
    this.onChange();
  }

  groupMembers(groupId: string): StoredControlPlane[] {
    const group = this.findControlPlane(groupId);
    return (group?.members ?? []).map((id) => this.findControlPlane(id)).filter((cp): cp is StoredControlPlane => cp !== undefined);
  }

  // ---- plugin schemas (sorted by name, which is also their cursor order)

  listPluginSchemas(cpId: string): readonly StoredPluginSchema[] {
    return this.pluginSchemas.get(cpId) ?? [];
  }

  getPluginSchema(cpId: string, name: string): StoredPluginSchema | undefined {
    return this.listPluginSchemas(cpId).find((schema) => schema.name === name);
  }

  /** POST: derives the name; a duplicate is a conflict */
  createPluginSchema(cpId: string, luaSchema: string): StoredPluginSchema {
    const name = this.schemaName(luaSchema);
    if (this.getPluginSchema(cpId, name)) throw new StoreError("conflict", `plugin schema "${name}" already exists on this control plane`);
    const at = this.seconds();
    const schema: StoredPluginSchema = { name, lua_schema: luaSchema, created_at: at, updated_at: at };
    this.setSchemas(cpId, [...this.listPluginSchemas(cpId), schema]);
    this.onChange();
    return schema;
  }

  /** PUT: creates or replaces; the schema's own name must match the path */
  putPluginSchema(cpId: string, name: string, luaSchema: string): { schema: StoredPluginSchema; created: boolean } {
    const derived = this.schemaName(luaSchema);
    if (derived !== name) throw new StoreError("invalid", `schema name "${derived}" does not match the name in the path "${name}"`);
    const existing = this.getPluginSchema(cpId, name);
    const at = this.seconds();
    if (existing) {
      existing.lua_schema = luaSchema;
      existing.updated_at = at;
      this.onChange();
      return { schema: existing, created: false };
    }
    const schema: StoredPluginSchema = { name, lua_schema: luaSchema, created_at: at, updated_at: at };
    this.setSchemas(cpId, [...this.listPluginSchemas(cpId), schema]);
    this.onChange();
    return { schema, created: true };
  }

  /** refused while plugin instances use it, as Konnect's control plane does */
  deletePluginSchema(cpId: string, name: string): void {
    if (!this.getPluginSchema(cpId, name)) throw new StoreError("not-found", `plugin schema "${name}" not found`);
    const users = this.listPlugins(cpId).filter((plugin) => plugin.name === name);
    if (users.length > 0) {
      throw new StoreError("in-use", `plugin schema "${name}" is in use by ${users.length} plugin instance(s) (${users.map((p) => p.id).join(", ")}); delete them first`);
    }
    this.setSchemas(cpId, this.listPluginSchemas(cpId).filter((schema) => schema.name !== name));
    this.onChange();
  }

  private schemaName(luaSchema: string): string {
    const result = deriveSchemaName(luaSchema);
    if (!result.ok) throw new StoreError("invalid", result.message);
    return result.name;
  }

  private setSchemas(cpId: string, schemas: StoredPluginSchema[]): void {
    this.pluginSchemas.set(cpId, schemas.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }

  // ---- custom plugins (insertion order)

  listCustomPlugins(cpId: string): readonly StoredCustomPlugin[] {
    return this.customPlugins.get(cpId) ?? [];
  }

  getCustomPlugin(cpId: string, idOrName: string): StoredCustomPlugin | undefined {
    const all = this.listCustomPlugins(cpId);
    return all.find((plugin) => plugin.id === idOrName) ?? all.find((plugin) => plugin.name === idOrName);
  }

  createCustomPlugin(cpId: string, input: SeedCustomPlugin): StoredCustomPlugin {
    if (this.listCustomPlugins(cpId).some((plugin) => plugin.name === input.name)) {
      throw new StoreError("conflict", `UNIQUE violation detected on '{name="${input.name}"}'`);
    }
    const id = input.id ?? this.newId();
    if (this.listCustomPlugins(cpId).some((plugin) => plugin.id === id)) throw new StoreError("conflict", `UNIQUE violation detected on '{id="${id}"}'`);
    const at = this.seconds();
    const plugin: StoredCustomPlugin = { id, name: input.name, schema: input.schema, handler: input.handler, tags: [...(input.tags ?? [])], created_at: at, updated_at: at };
    this.customPlugins.set(cpId, [...this.listCustomPlugins(cpId), plugin]);
    this.onChange();
    return plugin;
  }

  /** PUT by id or name: replaces, or creates (with that id, or that name) */
  putCustomPlugin(cpId: string, idOrName: string, input: SeedCustomPlugin): { plugin: StoredCustomPlugin; created: boolean } {
    const byId = isUuid(idOrName);
    if (!byId && input.name !== idOrName) throw new StoreError("invalid", `name "${input.name}" does not match the name in the path "${idOrName}"`);
    const existing = this.getCustomPlugin(cpId, idOrName);
    if (!existing) return { plugin: this.createCustomPlugin(cpId, { ...input, id: byId ? idOrName : undefined }), created: true };
    const clash = this.listCustomPlugins(cpId).find((plugin) => plugin.name === input.name && plugin !== existing);
    if (clash) throw new StoreError("conflict", `UNIQUE violation detected on '{name="${input.name}"}'`);
    existing.name = input.name;
    existing.schema = input.schema;
    existing.handler = input.handler;
    existing.tags = [...(input.tags ?? [])];
    existing.updated_at = this.seconds();
    this.onChange();
    return { plugin: existing, created: false };
  }

  /** true when something was deleted */
  deleteCustomPlugin(cpId: string, idOrName: string): boolean {
    const existing = this.getCustomPlugin(cpId, idOrName);
    if (!existing) return false;
    this.customPlugins.set(cpId, this.listCustomPlugins(cpId).filter((plugin) => plugin !== existing));
    this.onChange();
    return true;
  }

  // ---- plugin instances (insertion order)

  listPlugins(cpId: string): readonly StoredPlugin[] {
    return this.plugins.get(cpId) ?? [];
  }

  getPlugin(cpId: string, id: string): StoredPlugin | undefined {
    return this.listPlugins(cpId).find((plugin) => plugin.id === id);
  }

  addPlugin(cpId: string, input: SeedPlugin): StoredPlugin {
    const id = input.id ?? this.newId();
    if (this.getPlugin(cpId, id)) throw new StoreError("conflict", `UNIQUE violation detected on '{id="${id}"}'`);
    const at = this.seconds();
    const plugin: StoredPlugin = {
      id,
      name: input.name,
      enabled: input.enabled ?? true,
      config: { ...(input.config ?? {}) },
      protocols: [...(input.protocols ?? ["grpc", "grpcs", "http", "https"])],
      route: input.route ?? null,
      service: input.service ?? null,
      consumer: null,
      instance_name: null,
      tags: [...(input.tags ?? [])],
      created_at: at,
      updated_at: at,
    };
    this.plugins.set(cpId, [...this.listPlugins(cpId), plugin]);
    this.onChange();
    return plugin;
  }

  deletePlugin(cpId: string, id: string): boolean {
    const before = this.listPlugins(cpId);
    const after = before.filter((plugin) => plugin.id !== id);
    if (after.length === before.length) return false;
    this.plugins.set(cpId, after);
    this.onChange();
    return true;
  }

  // ---- whole state

  snapshot(): EmulatorStateSnapshot {
    const byCp = <T>(map: Map<string, T[]>): Record<string, T[]> =>
      Object.fromEntries([...map].filter(([, list]) => list.length > 0).map(([cpId, list]) => [cpId, structuredClone(list)]));
    return {
      version: 1,
      controlPlanes: structuredClone(this.controlPlanes),
      pluginSchemas: byCp(this.pluginSchemas),
      customPlugins: byCp(this.customPlugins),
      plugins: byCp(this.plugins),
      nodes: this.nodes.snapshot(),
    };
  }

  restore(snapshot: EmulatorStateSnapshot): void {
    this.controlPlanes = structuredClone(snapshot.controlPlanes);
    this.pluginSchemas = new Map(Object.entries(structuredClone(snapshot.pluginSchemas)));
    this.customPlugins = new Map(Object.entries(structuredClone(snapshot.customPlugins)));
    this.plugins = new Map(Object.entries(structuredClone(snapshot.plugins)));
    this.nodes.restore(snapshot.nodes);
  }

  /** Loads a seed into an empty store; a bad seed throws StoreError naming the entry. */
  applySeed(seed: EmulatorSeed): void {
    for (const cp of seed.controlPlanes ?? []) this.addControlPlane(cp);
    const generate = seed.generate;
    if (generate) {
      const prefix = generate.namePrefix ?? "cp";
      const kinds: Array<[number | undefined, string, Partial<SeedControlPlane>]> = [
        [generate.hybrid, "hybrid", { cluster_type: "CLUSTER_TYPE_CONTROL_PLANE" }],
        [generate.dedicatedCloudGateway, "dcg", { cluster_type: "CLUSTER_TYPE_CONTROL_PLANE", cloud_gateway: true }],
        [generate.kic, "kic", { cluster_type: "CLUSTER_TYPE_K8S_INGRESS_CONTROLLER" }],
        [generate.serverless, "serverless", { cluster_type: "CLUSTER_TYPE_SERVERLESS_V1" }],
      ];
      for (const [count, kind, fields] of kinds) {
        const width = String(count ?? 0).length;
        for (let i = 1; i <= (count ?? 0); i++) {
          this.addControlPlane({ ...fields, name: `${prefix}-${kind}-${String(i).padStart(width, "0")}`, labels: { ...(generate.labels ?? {}) } });
        }
      }
    }
    const resolve = (ref: string, section: string): string => {
      const cp = this.findControlPlane(ref, true);
      if (!cp) throw new StoreError("not-found", `seed ${section}: no control plane "${ref}"`);
      return cp.id;
    };
    for (const [ref, schemas] of Object.entries(seed.pluginSchemas ?? {})) {
      const cpId = resolve(ref, "pluginSchemas");
      for (const lua of schemas) this.createPluginSchema(cpId, lua);
    }
    for (const [ref, list] of Object.entries(seed.customPlugins ?? {})) {
      const cpId = resolve(ref, "customPlugins");
      for (const plugin of list) this.createCustomPlugin(cpId, plugin);
    }
    for (const [ref, list] of Object.entries(seed.plugins ?? {})) {
      const cpId = resolve(ref, "plugins");
      for (const plugin of list) this.addPlugin(cpId, plugin);
    }
    for (const [ref, list] of Object.entries(seed.nodes ?? {})) {
      const cpId = resolve(ref, "nodes");
      for (const node of list) {
        try {
          this.nodes.add(cpId, node);
        } catch (error) {
          if (error instanceof NodeInputError) throw new StoreError("invalid", `seed nodes: ${error.message}`);
          throw error;
        }
      }
    }
  }

  /** ids of created entities: deterministic for a given randomSeed and order of creation */
  private newId(): string {
    this.idCounter += 1;
    let id = uuidFrom(`kplug-emulator:${this.idSeed}:${this.idCounter}`);
    while (this.idTaken(id)) {
      this.idCounter += 1;
      id = uuidFrom(`kplug-emulator:${this.idSeed}:${this.idCounter}`);
    }
    return id;
  }

  private idTaken(id: string): boolean {
    for (const list of this.customPlugins.values()) if (list.some((p) => p.id === id)) return true;
    for (const list of this.plugins.values()) if (list.some((p) => p.id === id)) return true;
    return false;
  }

  /** the emulator's clock, in unix seconds */
  seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}
