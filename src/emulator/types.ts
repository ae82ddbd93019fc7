/**
 * Public types of the Konnect emulator: what `startEmulator` takes and returns, the seed file, the
 * fault file and the persisted state. Field names of stored entities follow the Konnect API (snake_case)
 * so a seed or state file reads like API responses.
 */

export type ClusterType =
  | "CLUSTER_TYPE_CONTROL_PLANE"
  | "CLUSTER_TYPE_K8S_INGRESS_CONTROLLER"
  | "CLUSTER_TYPE_CONTROL_PLANE_GROUP"
  | "CLUSTER_TYPE_SERVERLESS"
  | "CLUSTER_TYPE_KAFKA_NATIVE_EVENT_PROXY"
  | "CLUSTER_TYPE_SERVERLESS_V1";

/** A control plane as stored; the API view adds `config` endpoints derived from the id. */
export interface StoredControlPlane {
  id: string;
  name: string;
  description: string;
  labels: Record<string, string>;
  cluster_type: ClusterType;
  cloud_gateway: boolean;
  auth_type: "pinned_client_certs" | "pki_client_certs";
  created_at: string;
  updated_at: string;
  /** ids of member control planes, for CLUSTER_TYPE_CONTROL_PLANE_GROUP only */
  members?: string[];
}

export interface StoredPluginSchema {
  name: string;
  lua_schema: string;
  /** unix seconds */
  created_at: number;
  updated_at: number;
}

export interface StoredCustomPlugin {
  id: string;
  name: string;
  schema: string;
  handler: string;
  tags: string[];
  created_at: number;
  updated_at: number;
}

/** A plugin instance (Kong `plugins` entity), enough of it to find instances by plugin name. */
export interface StoredPlugin {
  id: string;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  protocols: string[];
  route: { id: string } | null;
  service: { id: string } | null;
  consumer: { id: string } | null;
  instance_name: string | null;
  tags: string[];
  created_at: number;
  updated_at: number;
}

/** One `affected_resources` entry of a node compatibility issue (NodeCompatibilityIssueAffectedResource). */
export interface NodeIssueResource {
  id: string;
  type: string;
  parent_code?: string;
  details?: string[];
}

/** A node compatibility issue as Konnect reports it (NodeCompatibilityIssue). */
export interface NodeIssue {
  code: string;
  severity: string;
  description: string;
  resolution: string;
  affected_resources: NodeIssueResource[];
  documentation_url?: string;
}

/**
 * A data plane node record. `last_ping` and `config_hash` null mean "connected and in sync": the
 * view then reports the current time and the control plane's current configuration hash.
 */
export interface StoredNode {
  id: string;
  hostname: string;
  version: string;
  type: string;
  /** unix seconds, or null: pinging now */
  last_ping: number | null;
  /** null: follows the control plane's configuration */
  config_hash: string | null;
  /** issues reported as they are (besides the ones derived from missing_plugins and old versions) */
  issues: NodeIssue[];
  /** emulator only: plugins whose files this node lacks (a /plugin-schemas plugin then cannot run on it) */
  missing_plugins: string[];
  created_at: number;
  updated_at: number;
}

/** Everything the emulator knows; also the `--state` file format (version 1). */
export interface EmulatorStateSnapshot {
  version: 1;
  controlPlanes: StoredControlPlane[];
  /** keyed by control plane id */
  pluginSchemas: Record<string, StoredPluginSchema[]>;
  customPlugins: Record<string, StoredCustomPlugin[]>;
  plugins: Record<string, StoredPlugin[]>;
  /** data plane nodes (absent in state files written before nodes existed) */
  nodes?: Record<string, StoredNode[]>;
}

/** A data plane node in a seed file or passed to `addNode`. */
export interface SeedNode {
  /** default: a UUID derived from the control plane and hostname */
  id?: string;
  hostname: string;
  /** Kong Gateway version, e.g. "3.15.0.0" */
  version: string;
  /** default "kong-proxy" */
  type?: string;
  /** unix seconds of the last ping; default: connected (now) */
  last_ping?: number;
  /** default: in sync with the control plane */
  config_hash?: string;
  /** compatibility issues to report as they are */
  issues?: NodeIssue[];
  /** plugins whose files are missing on this node */
  missing_plugins?: string[];
}

/** A control plane in a seed file or passed to `addControlPlane`. Omitted fields get defaults. */
export interface SeedControlPlane {
  /** default: a UUID derived from the name, so seeds stay deterministic */
  id?: string;
  name: string;
  description?: string;
  labels?: Record<string, string>;
  cluster_type?: ClusterType;
  cloud_gateway?: boolean;
  auth_type?: "pinned_client_certs" | "pki_client_certs";
  /** for groups: member control planes, by id or name */
  members?: string[];
  created_at?: string;
}

export interface SeedPlugin {
  id?: string;
  name: string;
  enabled?: boolean;
  config?: Record<string, unknown>;
  protocols?: string[];
  route?: { id: string } | null;
  service?: { id: string } | null;
  tags?: string[];
}

export interface SeedCustomPlugin {
  id?: string;
  name: string;
  schema: string;
  handler: string;
  tags?: string[];
}

/** Per-token access: `"*"` for every control plane, or a list of control plane ids or names. */
export interface SeedTokenAccess {
  controlPlanes: "*" | string[];
}

/**
 * The seed file (`--seed FILE`) / `seed` option. Control planes referenced by id or name in the
 * per-control-plane maps. Without `tokens`, any `kpat_`/`spat_`-shaped token sees everything.
 */
export interface EmulatorSeed {
  controlPlanes?: SeedControlPlane[];
  /** generate N control planes of each kind (names `<prefix>-<kind>-<n>`), e.g. for benches */
  generate?: {
    hybrid?: number;
    dedicatedCloudGateway?: number;
    kic?: number;
    serverless?: number;
    /** default "cp" */
    namePrefix?: string;
    labels?: Record<string, string>;
  };
  /** lua_schema texts; the name is derived from each, as POST does */
  pluginSchemas?: Record<string, string[]>;
  customPlugins?: Record<string, SeedCustomPlugin[]>;
  plugins?: Record<string, SeedPlugin[]>;
  /** data plane nodes per control plane */
  nodes?: Record<string, SeedNode[]>;
  tokens?: Record<string, SeedTokenAccess>;
}

/** What a fault does when its rule fires. */
export type FaultAction =
  /** adds latency, then the request proceeds (other rules still apply) */
  | { fault: "latency"; ms: number }
  /** answers with this status instead of serving; `retryAfter` (seconds) adds Retry-After (429: default 1, plus RateLimit-*) */
  | { fault: "status"; status: 400 | 401 | 403 | 404 | 409 | 429 | 500 | 502 | 503 | 504; retryAfter?: number }
  /** destroys the socket without answering */
  | { fault: "reset" }
  /** serves normally but trickles the body: `chunkBytes` every `intervalMs` */
  | { fault: "slow-body"; chunkBytes?: number; intervalMs?: number };

export type FaultRule = FaultAction & {
  /** HTTP method, default any */
  method?: string;
  /**
   * glob on the request path (no query): `*` = within one segment, `**` = anything; e.g.
   * `/v2/control-planes/*\/core-entities/plugin-schemas/**`. Default: every path.
   */
  path?: string;
  /** alternatively a regular expression source tested against the path */
  pathRegex?: string;
  /** only requests for this control plane (id or name); with probability 1 it fails "permanently" */
  controlPlane?: string;
  /** 0..1, default 1 */
  probability?: number;
  /** fire at most this many times (e.g. fail twice, then succeed) */
  times?: number;
  /**
   * count `times` per control plane, and decide `probability` from the seed and the request's place
   * among that control plane's matching requests, not from the global request order: the same faults
   * however a concurrent client interleaves its control planes
   */
  perControlPlane?: boolean;
};

export interface FaultConfig {
  /** seed for the PRNG that decides probabilistic faults (default: the emulator's randomSeed) */
  seed?: number;
  /** latency added to every request */
  latencyMs?: number;
  rules?: FaultRule[];
  /**
   * Konnect-like rate limit (token bucket over wall time): beyond `perSecond` requests per second
   * (bursts up to `burst`, default perSecond) the answer is 429 with Retry-After; every response
   * carries RateLimit-Limit/Remaining/Reset.
   */
  rateLimit?: { perSecond: number; burst?: number };
}

export interface RequestLogEntry {
  /** when the request arrived (epoch ms) */
  receivedAt: number;
  method: string;
  /** path and query string, as requested */
  path: string;
  status: number;
  /** wall time from request to end of response */
  ms: number;
  controlPlaneId?: string;
  /** the fault rules that fired ("status 503", "reset", "latency", "slow-body", "rate-limit") */
  fault?: string;
  /** the request's User-Agent header (never the Authorization header) */
  userAgent?: string;
}

/** One request with its response, for contract tests (see `onExchange`). */
export interface EmulatorExchange {
  method: string;
  path: string;
  query: string;
  status: number;
  contentType: string | undefined;
  /** raw response body text */
  body: string;
  /** true when a fault rule produced the response */
  injected: boolean;
}

export interface EmulatorOptions {
  /** 0 (default) picks an ephemeral port */
  port?: number;
  /** a seed object or the path of a seed JSON file; default: the built-in demo organization */
  seed?: EmulatorSeed | string;
  /** persist state to this file (atomically); loaded at start when it exists */
  statePath?: string;
  /** fault injection, as an object or the path of a JSON file */
  faults?: FaultConfig | string;
  /** seeds ids of created entities and fault decisions (default 1) */
  randomSeed?: number;
  /** called after each request (for --verbose) */
  log?: (entry: RequestLogEntry) => void;
  /** called with each response (for contract tests) */
  onExchange?: (exchange: EmulatorExchange) => void;
  /** keep only the newest N entries in requestLog (default: all; `kplug emulator` keeps 10,000) */
  requestLogLimit?: number;
  /** request bodies above this size get 413 (default 1 MiB) */
  maxBodyBytes?: number;
  /** clock for created_at/updated_at (default Date.now) */
  now?: () => number;
}
