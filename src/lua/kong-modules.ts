import type { SourceLocation } from "./parse.js";
import { KONG_PROTOCOLS, specToValue, typedefSpec, type Spec, type SpecTable } from "./typedefs.js";
import type { LuaValue } from "./values.js";
import { llmConfigSchema } from "./kong-llm-schema.js";

/**
 * Members of Kong's own Lua modules that bundled plugin schemas read at load time, described by value
 * (Kong 3.x), so that a schema built from them is known statically as Kong builds it. A custom plugin
 * on Konnect may use them too: they ship with every data plane. Modules and members not listed stay
 * unknown, as before.
 */

const typedef = (name: string, overrides: SpecTable = {}): SpecTable => ({ ...(typedefSpec(name) as SpecTable), ...overrides });

/** kong/tools/redis/schema.lua: the Redis connection record of rate-limiting, response-ratelimiting and acme. */
const redisConfigSchema: SpecTable = {
  type: "record",
  description: "Redis configuration",
  fields: [
    { host: typedef("host") },
    { port: typedef("port", { default: 6379 }) },
    { timeout: typedef("timeout", { default: 2000 }) },
    { username: { type: "string", referenceable: true } },
    { password: { type: "string", encrypted: true, referenceable: true, len_min: 0 } },
    { database: { type: "integer", default: 0 } },
    { ssl: { type: "boolean", required: false, default: false } },
    { ssl_verify: { type: "boolean", required: false, default: false } },
    { server_name: typedef("sni", { required: false }) },
  ],
};

/**
 * kong/constants.lua, the members that are plain data and the same in Kong Enterprise (what Konnect
 * runs): PROTOCOLS is Enterprise's list (OSS's sorted protocols plus ws and wss), as typedefs.protocol.
 * Left unknown: the bundled plugin list and LOG_LEVELS (they differ or hold ngx numbers), and the
 * tables built with pairs() (their order is not fixed) or holding both a list and a set.
 */
const constants: Record<string, Spec> = {
  CJSON_MAX_PRECISION: 16,
  HEADERS: {
    HOST_OVERRIDE: "X-Host-Override",
    PROXY_LATENCY: "X-Kong-Proxy-Latency",
    RESPONSE_LATENCY: "X-Kong-Response-Latency",
    ADMIN_LATENCY: "X-Kong-Admin-Latency",
    UPSTREAM_LATENCY: "X-Kong-Upstream-Latency",
    UPSTREAM_STATUS: "X-Kong-Upstream-Status",
    CONSUMER_ID: "X-Consumer-ID",
    CONSUMER_CUSTOM_ID: "X-Consumer-Custom-ID",
    CONSUMER_USERNAME: "X-Consumer-Username",
    CREDENTIAL_IDENTIFIER: "X-Credential-Identifier",
    RATELIMIT_LIMIT: "X-RateLimit-Limit",
    RATELIMIT_REMAINING: "X-RateLimit-Remaining",
    CONSUMER_GROUPS: "X-Consumer-Groups",
    AUTHENTICATED_GROUPS: "X-Authenticated-Groups",
    FORWARDED_HOST: "X-Forwarded-Host",
    FORWARDED_PATH: "X-Forwarded-Path",
    FORWARDED_PREFIX: "X-Forwarded-Prefix",
    ANONYMOUS: "X-Anonymous-Consumer",
    REQUEST_ID: "X-Kong-Request-Id",
    VIA: "Via",
    SERVER: "Server",
  },
  RATELIMIT: { PERIODS: ["second", "minute", "hour", "day", "month", "year"] },
  REPORTS: { ADDRESS: "kong-hf.konghq.com", STATS_TLS_PORT: 61833 },
  DICTS: ["kong", "kong_locks", "kong_db_cache", "kong_db_cache_miss", "kong_cluster_events", "kong_healthchecks", "kong_rate_limiting_counters", "kong_secrets"],
  DATABASE: { POSTGRES: { MIN: "9.5" }, DAO_MAX_TTL: 1e8 },
  PROTOCOLS: KONG_PROTOCOLS,
  PROTOCOLS_WITH_SUBSYSTEM: Object.fromEntries(KONG_PROTOCOLS.map((protocol) => [protocol, ["tcp", "tls", "udp", "tls_passthrough"].includes(protocol) ? "stream" : "http"])),
  DECLARATIVE_DEFAULT_WORKSPACE_ID: "0dc6f45b-8f8d-40d2-a504-473544ee190b",
  DECLARATIVE_LOAD_KEY: "declarative_config:loaded",
  DECLARATIVE_HASH_KEY: "declarative_config:hash",
  DECLARATIVE_DEFAULT_WORKSPACE_KEY: "declarative_config:default_workspace",
  PLUGINS_REBUILD_COUNTER_KEY: "readiness_probe_config:plugins_rebuild_counter",
  ROUTERS_REBUILD_COUNTER_KEY: "readiness_probe_config:routers_rebuild_counter",
  DECLARATIVE_EMPTY_CONFIG_HASH: "0".repeat(32),
  CLUSTER_ID_PARAM_KEY: "cluster_id",
  CLUSTERING_TIMEOUT: 5000,
  CLUSTERING_PING_INTERVAL: 30,
  CLUSTERING_OCSP_TIMEOUT: 5000,
  CLUSTERING_DATA_PLANE_ERROR: {
    CONFIG_PARSE: "declarative configuration parse failure",
    DELTAS_PARSE: "sync deltas parse failure",
    RELOAD: "configuration reload failed",
    GENERIC: "generic or unknown error",
  },
  CLUSTERING_DATA_PLANES_LATEST_VERSION_KEY: "clustering_data_planes:latest_version",
  CLEAR_HEALTH_STATUS_DELAY: 300,
  KEY_FORMATS_MAP: { jwk: true, pem: true },
  DYN_LOG_LEVEL_KEY: "kong:dyn_log_level",
  DYN_LOG_LEVEL_TIMEOUT_AT_KEY: "kong:dyn_log_level_timeout_at",
  DYN_LOG_LEVEL_DEFAULT_TIMEOUT: 60,
  ADMIN_GUI_KCONFIG_CACHE_KEY: "admin:gui:kconfig",
  REQUEST_DEBUG_TOKEN_FILE: ".request_debug_token",
  REQUEST_DEBUG_LOG_PREFIX: "[request-debug]",
  SCHEMA_NAMESPACES: { PROXY_WASM_FILTERS: "proxy-wasm-filters" },
  RESPONSE_SOURCE: { TYPES: { ERROR: "error", EXIT: "exit", SERVICE: "service" }, NAMES: { error: "kong", exit: "kong", service: "upstream" } },
  SOCKET_DIRECTORY: "sockets",
  SOCKETS: { WORKER_EVENTS: "we", STREAM_WORKER_EVENTS: "sw", CLUSTER_PROXY_SSL_TERMINATOR: "cp", STREAM_CONFIG: "sc", STREAM_TLS_TERMINATE: "st", STREAM_TLS_PASSTHROUGH: "sp", STREAM_RPC: "rp" },
};

const MODULES: Record<string, Record<string, Spec>> = {
  "kong.constants": constants,
  // kong/tools/http.lua: the validators typedefs.header_name and typedefs.cookie_name use
  "kong.tools.http": {
    validate_header_name: { kongValidator: "header_name" },
    validate_http_token: { kongValidator: "cookie_name" },
    validate_cookie_name: { kongValidator: "cookie_name" },
  },
  // kong/llm/init.lua: the AI plugins' shared `llm` record
  "kong.llm": { config_schema: llmConfigSchema },
  "kong.tools.redis.schema": { config_schema: redisConfigSchema },
  // kong/plugins/proxy-cache/strategies/init.lua
  "kong.plugins.proxy-cache.strategies": { STRATEGY_TYPES: ["memory"] },
  // kong/plugins/request-size-limiting/handler.lua
  "kong.plugins.request-size-limiting.handler": { size_units: ["megabytes", "kilobytes", "bytes"] },
  // kong/plugins/statsd/constants.lua
  "kong.plugins.statsd.constants": { REGEX_STATUS_CODE_RANGE: "^[0-9]+-[0-9]+$", REGEX_SPLIT_STATUS_CODES_BY_DASH: "(\\d\\d\\d)-(\\d\\d\\d)" },
  // kong/plugins/acme/reserved_words.lua
  "kong.plugins.acme.reserved_words": {
    RENEW_KEY_PREFIX: "kong_acme:renew_config:",
    RENEW_LAST_RUN_KEY: "kong_acme:renew_last_run",
    CERTKEY_KEY_PREFIX: "kong_acme:cert_key:",
  },
};

/** `require(module).member` as a Lua value, or undefined when kplug does not model it. */
export function kongModuleMember(module: string, member: string, location: SourceLocation): LuaValue | undefined {
  const members = MODULES[module];
  if (!members || !Object.hasOwn(members, member)) return undefined;
  return specToValue(members[member] as Spec, location);
}

/** Modules whose value (what require returns) is a table kplug describes. */
const MODULE_VALUES: Record<string, SpecTable> = {
  // kong/llm/schemas/init.lua returns the `llm` record itself
  "kong.llm.schemas": llmConfigSchema,
};

/** `require(module)` as a Lua value when the module's value is a table kplug describes, else undefined. */
export function kongModuleValue(module: string, location: SourceLocation): LuaValue | undefined {
  return Object.hasOwn(MODULE_VALUES, module) ? specToValue(MODULE_VALUES[module] as SpecTable, location) : undefined;
}
