/**
 * The surface of the Konnect client that commands use. The implementation (client.ts) parses every
 * response with zod schemas mirroring ../shared/konnect-api/*.yaml; commands depend only on this.
 */

export type Region = "us" | "eu" | "au" | "me" | "in" | "sg";

export type ClusterType =
  | "CLUSTER_TYPE_CONTROL_PLANE"
  | "CLUSTER_TYPE_K8S_INGRESS_CONTROLLER"
  | "CLUSTER_TYPE_CONTROL_PLANE_GROUP"
  | "CLUSTER_TYPE_SERVERLESS"
  | "CLUSTER_TYPE_KAFKA_NATIVE_EVENT_PROXY"
  | "CLUSTER_TYPE_SERVERLESS_V1";

export interface ControlPlane {
  id: string;
  name: string;
  description?: string;
  labels: Record<string, string>;
  clusterType: ClusterType | string;
  cloudGateway: boolean;
}

/** What kplug makes of a control plane for custom plugins. */
export type ControlPlaneKind = "hybrid" | "dedicated-cloud-gateway" | "serverless" | "kic" | "group" | "other";

export interface PluginSchema {
  name: string;
  luaSchema: string;
  createdAt?: number;
  updatedAt?: number;
}

export interface CustomPlugin {
  id: string;
  name: string;
  schema: string;
  handler: string;
  tags: string[];
  createdAt?: number;
  updatedAt?: number;
}

export interface PluginInstance {
  id: string;
  name: string;
  enabled: boolean;
  controlPlaneId: string;
  route?: string | null;
  service?: string | null;
  consumer?: string | null;
}

/** One resource a compatibility issue affects; for plugins, `id` is a plugin instance id. */
export interface AffectedResource {
  id: string;
  type: string;
  details: string[];
}

/** A data plane node's compatibility issue, as Konnect words it. */
export interface NodeCompatibilityIssue {
  code: string;
  severity: string;
  description: string;
  resolution: string;
  affectedResources: AffectedResource[];
  documentationUrl?: string;
}

/** A data plane node record (GET /control-planes/{id}/nodes). */
export interface DataPlaneNode {
  id: string;
  hostname: string;
  /** Kong Gateway version, e.g. "3.15.0.0" ("" when Konnect did not say) */
  version: string;
  /** unix seconds of the last ping, when known */
  lastPing?: number;
  configHash?: string;
  compatibility: { state?: string; issues: NodeCompatibilityIssue[] };
}

export interface ControlPlaneFilter {
  name?: string;
  clusterType?: string;
  /** label selectors `key=value`, all must match */
  labels?: Record<string, string>;
}

export interface KonnectApi {
  /** every matching control plane; `onPage` gets each page's as it arrives (the same objects, in order) */
  listControlPlanes(filter?: ControlPlaneFilter, onPage?: (controlPlanes: ControlPlane[]) => void): Promise<ControlPlane[]>;
  getControlPlane(id: string): Promise<ControlPlane>;
  /** members of a control plane group */
  listGroupMembers(groupId: string): Promise<ControlPlane[]>;

  listPluginSchemas(cpId: string): Promise<PluginSchema[]>;
  /** undefined when the control plane has no schema of that name (404) */
  getPluginSchema(cpId: string, name: string): Promise<PluginSchema | undefined>;
  createPluginSchema(cpId: string, luaSchema: string): Promise<PluginSchema>;
  /** PUT: creates or replaces */
  putPluginSchema(cpId: string, name: string, luaSchema: string): Promise<PluginSchema>;
  deletePluginSchema(cpId: string, name: string): Promise<void>;

  listCustomPlugins(cpId: string): Promise<CustomPlugin[]>;
  /** by id or name; undefined on 404 */
  getCustomPlugin(cpId: string, idOrName: string): Promise<CustomPlugin | undefined>;
  createCustomPlugin(cpId: string, body: { name: string; schema: string; handler: string; tags?: string[] }): Promise<CustomPlugin>;
  putCustomPlugin(cpId: string, idOrName: string, body: { name: string; schema: string; handler: string; tags?: string[] }): Promise<CustomPlugin>;
  deleteCustomPlugin(cpId: string, idOrName: string): Promise<void>;

  /** plugin instances on a control plane that use the plugin `name` (every instance without a name) */
  listPluginInstances(cpId: string, name?: string): Promise<PluginInstance[]>;
  /** removes one plugin instance (a 404 counts as done) */
  deletePluginInstance(cpId: string, id: string): Promise<void>;

  /** the data plane node records of a control plane, every page */
  listNodes(cpId: string): Promise<DataPlaneNode[]>;
}
