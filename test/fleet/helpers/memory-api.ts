import type { ControlPlane, CustomPlugin, DataPlaneNode, KonnectApi, PluginInstance, PluginSchema } from "../../../src/konnect/types.js";

/**
 * An in-memory KonnectApi for unit tests of the fleet core (the e2e tests use the emulator over
 * HTTP). Records every call; `failOn` makes chosen calls throw like the client would.
 */
export class MemoryApi implements KonnectApi {
  readonly calls: string[] = [];
  readonly schemas = new Map<string, Map<string, string>>();
  readonly customs = new Map<string, Map<string, CustomPlugin>>();
  readonly instances = new Map<string, PluginInstance[]>();
  readonly nodes = new Map<string, DataPlaneNode[]>();
  failOn: (call: string) => Error | undefined = () => undefined;
  delayMs = 0;

  constructor(readonly controlPlanes: ControlPlane[]) {}

  private async step(call: string): Promise<void> {
    this.calls.push(call);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const error = this.failOn(call);
    if (error) throw error;
  }
  private cp(cpId: string): Map<string, string> {
    let m = this.schemas.get(cpId);
    if (!m) this.schemas.set(cpId, (m = new Map()));
    return m;
  }
  private cc(cpId: string): Map<string, CustomPlugin> {
    let m = this.customs.get(cpId);
    if (!m) this.customs.set(cpId, (m = new Map()));
    return m;
  }
  async listControlPlanes(): Promise<ControlPlane[]> {
    await this.step("listControlPlanes");
    return this.controlPlanes;
  }
  async getControlPlane(id: string): Promise<ControlPlane> {
    await this.step(`getControlPlane ${id}`);
    const cp = this.controlPlanes.find((c) => c.id === id);
    if (!cp) throw new Error("404");
    return cp;
  }
  async listGroupMembers(): Promise<ControlPlane[]> {
    return [];
  }
  async listPluginSchemas(cpId: string): Promise<PluginSchema[]> {
    await this.step(`listPluginSchemas ${cpId}`);
    return [...this.cp(cpId)].map(([name, luaSchema]) => ({ name, luaSchema }));
  }
  async getPluginSchema(cpId: string, name: string): Promise<PluginSchema | undefined> {
    await this.step(`getPluginSchema ${cpId} ${name}`);
    const text = this.cp(cpId).get(name);
    return text === undefined ? undefined : { name, luaSchema: text };
  }
  async createPluginSchema(cpId: string, luaSchema: string): Promise<PluginSchema> {
    const name = /name\s*=\s*"([^"]+)"/.exec(luaSchema)?.[1] ?? "?";
    await this.step(`createPluginSchema ${cpId} ${name}`);
    this.cp(cpId).set(name, luaSchema);
    return { name, luaSchema };
  }
  async putPluginSchema(cpId: string, name: string, luaSchema: string): Promise<PluginSchema> {
    await this.step(`putPluginSchema ${cpId} ${name}`);
    this.cp(cpId).set(name, luaSchema);
    return { name, luaSchema };
  }
  async deletePluginSchema(cpId: string, name: string): Promise<void> {
    await this.step(`deletePluginSchema ${cpId} ${name}`);
    this.cp(cpId).delete(name);
  }
  async listCustomPlugins(cpId: string): Promise<CustomPlugin[]> {
    await this.step(`listCustomPlugins ${cpId}`);
    return [...this.cc(cpId).values()];
  }
  async getCustomPlugin(cpId: string, idOrName: string): Promise<CustomPlugin | undefined> {
    await this.step(`getCustomPlugin ${cpId} ${idOrName}`);
    return [...this.cc(cpId).values()].find((p) => p.id === idOrName || p.name === idOrName);
  }
  async createCustomPlugin(cpId: string, body: { name: string; schema: string; handler: string }): Promise<CustomPlugin> {
    await this.step(`createCustomPlugin ${cpId} ${body.name}`);
    const plugin = { id: `id-${body.name}`, tags: [], ...body };
    this.cc(cpId).set(body.name, plugin);
    return plugin;
  }
  async putCustomPlugin(cpId: string, idOrName: string, body: { name: string; schema: string; handler: string }): Promise<CustomPlugin> {
    await this.step(`putCustomPlugin ${cpId} ${idOrName}`);
    const plugin = { id: `id-${body.name}`, tags: [], ...body };
    this.cc(cpId).set(body.name, plugin);
    return plugin;
  }
  async deleteCustomPlugin(cpId: string, idOrName: string): Promise<void> {
    await this.step(`deleteCustomPlugin ${cpId} ${idOrName}`);
    for (const [k, v] of this.cc(cpId)) if (v.id === idOrName || v.name === idOrName) this.cc(cpId).delete(k);
  }
  async listPluginInstances(cpId: string, name: string): Promise<PluginInstance[]> {
    await this.step(`listPluginInstances ${cpId} ${name}`);
    return (this.instances.get(cpId) ?? []).filter((i) => name === undefined || i.name === name);
  }
  async deletePluginInstance(cpId: string, id: string): Promise<void> {
    await this.step(`deletePluginInstance ${cpId} ${id}`);
    this.instances.set(cpId, (this.instances.get(cpId) ?? []).filter((i) => i.id !== id));
  }
  async listNodes(cpId: string): Promise<DataPlaneNode[]> {
    await this.step(`listNodes ${cpId}`);
    return this.nodes.get(cpId) ?? [];
  }
}

export function hybrid(name: string): ControlPlane {
  return { id: `id-${name}`, name, labels: {}, clusterType: "CLUSTER_TYPE_CONTROL_PLANE", cloudGateway: false };
}
