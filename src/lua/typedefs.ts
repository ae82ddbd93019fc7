import type { SourceLocation } from "./parse.js";
import type { LuaTable, LuaTableField, LuaValue } from "./values.js";

/**
 * Kong's schema typedefs (`kong/db/schema/typedefs.lua`, Kong 3.10) plus the Enterprise ones Konnect
 * has, described by the attributes the metaschema rules look at. Validators Kong implements in Lua
 * (`custom_validator`) are function values without a node: they exist, but are not the plugin's code.
 */

/** A typedef attribute value: plain data, a Kong-side function, or something not modelled. */
export type Spec = string | number | boolean | Spec[] | SpecTable | typeof KONG_FUNCTION | typeof NGX_NULL | NotModelled | KongValidatorSpec;
/** A Kong validator kplug models (src/schema/kong-validators.ts), by name. */
interface KongValidatorSpec {
  kongValidator: string;
}
export interface SpecTable {
  [attribute: string]: Spec;
}
interface NotModelled {
  notModelled: string;
}

const KONG_FUNCTION = Symbol("kong-function");
/** A function of Kong's (a validator or check kplug does not model), as an attribute value of a module kplug describes. */
export const KONG_FUNCTION_SPEC: Spec = KONG_FUNCTION;
const NGX_NULL = Symbol("ngx.null");

/** Protocols of Kong Enterprise (what Konnect runs): OSS `kong.constants.PROTOCOLS` plus ws/wss. */
export const KONG_PROTOCOLS = ["grpc", "grpcs", "http", "https", "tcp", "tls", "tls_passthrough", "udp", "ws", "wss"];
const HTTP_PROTOCOLS = ["grpc", "grpcs", "http", "https"];
const HTTP_AND_WS_PROTOCOLS = ["grpc", "grpcs", "http", "https", "ws", "wss"];
const WS_PROTOCOLS = ["ws", "wss"];

const stringWithValidator = (description: string, validator?: string): SpecTable => ({
  type: "string",
  custom_validator: validator ? { kongValidator: validator } : KONG_FUNCTION,
  description,
});

const tag: SpecTable = { type: "string", required: true, custom_validator: { kongValidator: "tag" }, description: "A string representing a tag." };
const httpMethod: SpecTable = {
  type: "string",
  match: "^%u+$",
  description: "A string representing an HTTP method, such as GET, POST, PUT, or DELETE. The string must contain only uppercase letters.",
};
const protocol: SpecTable = { type: "string", one_of: KONG_PROTOCOLS, description: "A string representing a protocol." };
// its custom_validator (path normalization, PCRE for ~ paths) is not modelled
const routerPath: SpecTable = {
  type: "string",
  match_any: { patterns: ["^/", "^~/"], err: "should start with: / (fixed path) or ~/ (regex path)" },
  match_none: [{ pattern: "//", err: "must not have empty segments" }],
  custom_validator: KONG_FUNCTION,
};
const ipPortRecordSet = (description: string): SpecTable => ({
  type: "set",
  elements: {
    type: "record",
    fields: [{ ip: stringWithValidator("An IP address or CIDR block.", "ip_or_cidr") }, { port: { type: "integer", between: [0, 65535] } }],
    entity_checks: [{ at_least_one_of: ["ip", "port"] }],
  },
  description,
});
const nulled = (spec: SpecTable, description: string): SpecTable => ({ ...spec, eq: NGX_NULL, description });
const foreignNull = (reference: string): SpecTable => ({ type: "foreign", reference, eq: NGX_NULL, description: `A reference to '${reference}' that must be null.` });

const orderingPhases: SpecTable = { type: "map", keys: { type: "string", one_of: ["access"] }, values: { type: "array", elements: { type: "string", custom_validator: KONG_FUNCTION } } };
const sources = ipPortRecordSet("A set of sources.");
const destinations = ipPortRecordSet("A set of destinations.");
const methods: SpecTable = { type: "set", elements: httpMethod, description: "A set of HTTP methods." };
const hosts: SpecTable = {
  type: "array",
  elements: {
    type: "string",
    match_all: [{ pattern: "^[^*]*%*?[^*]*$", err: "invalid wildcard: must have at most one wildcard" }],
    match_any: { patterns: ["^%*%.", "%.%*$", "^[^*]*$"], err: "invalid wildcard: must be placed at leftmost or rightmost label" },
    custom_validator: { kongValidator: "host_with_wildcards" },
  },
  description: "An array of host names.",
};
const routerPaths: SpecTable = { type: "array", elements: routerPath, description: "An array of router paths." };
const headers: SpecTable = { type: "map", keys: stringWithValidator("A string representing an HTTP header name.", "header_name"), values: { type: "array", elements: { type: "string" } }, description: "A map of header names to values." };

/** kong/tools/queue_schema.lua: the batching queue of the logging plugins. */
const queue: SpecTable = {
  type: "record",
  fields: [
    { max_batch_size: { type: "integer", default: 1, between: [1, 1000000] } },
    { max_coalescing_delay: { type: "number", default: 1, between: [0, 3600] } },
    { max_entries: { type: "integer", default: 10000, between: [1, 1000000] } },
    { max_bytes: { type: "integer" } },
    { max_retry_time: { type: "number", default: 60 } },
    { initial_retry_delay: { type: "number", default: 0.01, between: [0.001, 1000000] } },
    { max_retry_delay: { type: "number", default: 60, between: [0.001, 1000000] } },
    { concurrency_limit: { type: "integer", default: 1, one_of: [-1, 1] } },
  ],
};
/** The tracing header formats (kong/observability/tracing/propagation/utils.lua FORMATS); b3-single shares b3's extractor. */
const PROPAGATION_INJECTORS = ["w3c", "b3", "b3-single", "jaeger", "ot", "datadog", "aws", "gcp", "instana"];
const PROPAGATION_EXTRACTORS = PROPAGATION_INJECTORS.filter((format) => format !== "b3-single");
/** kong/observability/tracing/propagation/schema.lua */
const propagation: SpecTable = {
  type: "record",
  fields: [
    { extract: { type: "array", elements: { type: "string", one_of: PROPAGATION_EXTRACTORS } } },
    { clear: { type: "array", elements: { type: "string", custom_validator: { kongValidator: "header_name" } } } },
    { inject: { type: "array", elements: { type: "string", one_of: ["preserve", ...PROPAGATION_INJECTORS] } } },
    { default_format: { type: "string", one_of: PROPAGATION_INJECTORS, required: true } },
  ],
};

const CATALOG: Record<string, SpecTable> = {
  http_method: httpMethod,
  protocol,
  host: stringWithValidator("A string representing a host name.", "host"),
  redis_host: stringWithValidator("The address of the Redis server.", "host"),
  host_with_optional_port: stringWithValidator("A host name with an optional port number.", "host_with_optional_port"),
  wildcard_host: stringWithValidator("A wildcard host name, such as *.example.com.", "wildcard_host"),
  ip: stringWithValidator("A string representing an IP address.", "ip"),
  ip_or_cidr: stringWithValidator("An IP address or CIDR block.", "ip_or_cidr"),
  cidr_v4: stringWithValidator("A CIDR block for IPv4 addresses.", "cidr_v4"),
  cidr: stringWithValidator("A CIDR block for IPv4 addresses.", "cidr_v4"),
  port: { type: "integer", between: [0, 65535], description: "An integer representing a port number between 0 and 65535, inclusive." },
  path: { type: "string", starts_with: "/", match_none: [{ pattern: "//", err: "must not have empty segments" }], custom_validator: { kongValidator: "path" }, description: "A string representing a URL path." },
  url: stringWithValidator("A string representing a URL.", "url"),
  cookie_name: stringWithValidator("A string representing an HTTP token defined by RFC 2616.", "cookie_name"),
  header_name: stringWithValidator("A string representing an HTTP header name.", "header_name"),
  timeout: { type: "integer", between: [0, 2 ** 31 - 2], description: "An integer representing a timeout in milliseconds. Must be between 0 and 2^31-2." },
  uuid: { type: "string", uuid: true, auto: true, description: "A string representing a UUID (universally unique identifier)." },
  auto_timestamp_s: { type: "integer", timestamp: true, auto: true, description: "An integer representing an automatic Unix timestamp in seconds." },
  auto_timestamp_ms: { type: "number", timestamp: true, auto: true, description: "A number representing an automatic Unix timestamp in milliseconds." },
  no_route: foreignNull("routes"),
  no_service: foreignNull("services"),
  no_consumer: foreignNull("consumers"),
  name: { type: "string", unique: true, custom_validator: { kongValidator: "name" }, description: "A unique string representing a name." },
  utf8_name: { type: "string", unique: true, custom_validator: { kongValidator: "utf8_name" }, description: "A unique UTF-8 name." },
  sni: stringWithValidator("A server name indication value for TLS.", "sni"),
  redis_server_name: stringWithValidator("The server name for the TLS SNI extension.", "sni"),
  certificate: stringWithValidator("A string representing a certificate."),
  key: stringWithValidator("A string representing a key."),
  tag,
  tags: { type: "set", elements: tag, description: "A set of strings representing tags." },
  capability: { type: "string", description: "A string representing an RPC capability." },
  protocols: { type: "set", required: true, default: HTTP_PROTOCOLS, elements: protocol, description: "A set of strings representing protocols." },
  protocols_http: { type: "set", required: true, default: HTTP_PROTOCOLS, elements: { type: "string", one_of: HTTP_PROTOCOLS }, description: "A set of strings representing HTTP protocols." },
  sources,
  no_sources: nulled(sources, "A null value representing no sources."),
  destinations,
  no_destinations: nulled(destinations, "A null value representing no destinations."),
  methods,
  no_methods: nulled(methods, "A null value representing no methods."),
  hosts,
  no_hosts: nulled(hosts, "A null value representing no hosts."),
  router_path: routerPath,
  router_paths: routerPaths,
  no_paths: nulled(routerPaths, "A null value representing no router paths."),
  headers,
  no_headers: nulled(headers, "A null value representing no headers."),
  semantic_version: {
    type: "string",
    match_any: { patterns: ["^%d+[%.%d]*$", "^%d+[%.%d]*%-?.*$"], err: "invalid version number: must be in format of X.Y.Z" },
    match_none: [{ pattern: "%.%.", err: "must not have empty version segments" }],
  },
  pem: { type: "record", required: false, fields: { notModelled: "fields of typedefs.pem" }, custom_validator: KONG_FUNCTION },
  jwk: { type: "record", required: false, fields: { notModelled: "fields of typedefs.jwk" }, custom_validator: KONG_FUNCTION },
  // defined in kong/tools/queue_schema.lua and kong/observability/tracing/propagation/schema.lua
  queue,
  propagation,
  lua_code: { type: "map", keys: { type: "string", len_min: 1 }, values: { type: "string", len_min: 1, custom_validator: KONG_FUNCTION }, description: "Lua code as a key-value map" },
  ttl: { type: "number", between: [0, 100000000], description: "Time-to-live value for data" },
  // Kong Enterprise (Konnect): from the EE typedefs.lua found in Kong/kong's history (2024-07, e06dcec607).
  no_consumer_group: foreignNull("consumer_groups"),
  protocols_http_and_ws: { type: "set", required: true, default: HTTP_AND_WS_PROTOCOLS, elements: { type: "string", one_of: HTTP_AND_WS_PROTOCOLS } },
  protocols_ws: { type: "set", required: true, default: WS_PROTOCOLS, elements: { type: "string", one_of: WS_PROTOCOLS } },
  rbac_user_token: { type: "string", unique: true, required: true, unique_across_ws: true, custom_validator: KONG_FUNCTION },
  run_on_first: { type: "string", required: false, one_of: ["first"] },
  // a record of two maps (phase → plugin names), as the plugins entity's `ordering` field
  plugin_ordering: {
    type: "record",
    required: false,
    fields: [{ before: orderingPhases }, { after: orderingPhases }],
  },
};

/** Typedefs that exist only in Kong Enterprise: fine on Konnect, a load error on Kong OSS. */
export const ENTERPRISE_TYPEDEFS: ReadonlySet<string> = new Set(["no_consumer_group", "protocols_http_and_ws", "protocols_ws", "rbac_user_token", "run_on_first", "plugin_ordering"]);

/**
 * Typedefs whose catalog entry is Kong's definition exactly (every attribute, the description
 * included), plain data, and the same in Kong OSS and Enterprise: `validate --fix` may write them
 * inline. The others hold a Kong function (custom_validator), a value kplug does not model, or a
 * protocol list that differs between editions.
 */
const EXACT_TYPEDEFS: ReadonlySet<string> = new Set(["http_method", "port", "timeout", "uuid", "auto_timestamp_s", "auto_timestamp_ms", "capability", "ttl"]);

/** The `key = value` entries of the typedef as Lua source, in Kong's order; undefined unless it is exactly known. */
export function inlineTypedefEntries(name: string): { key: string; lua: string }[] | undefined {
  if (!EXACT_TYPEDEFS.has(name)) return undefined;
  const spec = CATALOG[name] as SpecTable;
  return Object.entries(spec).map(([key, value]) => ({ key, lua: `${key} = ${specToLua(value)}` }));
}

function specToLua(spec: Spec): string {
  if (typeof spec === "string") return JSON.stringify(spec); // the exact typedefs' strings need no Lua-only escapes
  if (typeof spec === "number" || typeof spec === "boolean") return String(spec);
  if (Array.isArray(spec)) return `{ ${spec.map(specToLua).join(", ")} }`;
  throw new Error("only plain data typedefs are written inline");
}

/** A typedef's description, to build other Kong-side values from (a copy: callers may override attributes). */
export function typedefSpec(name: string): SpecTable | undefined {
  return isKnownTypedef(name) ? { ...(CATALOG[name] as SpecTable) } : undefined;
}

export function isKnownTypedef(name: string): boolean {
  return Object.hasOwn(CATALOG, name);
}

export function typedefNames(): string[] {
  return Object.keys(CATALOG);
}

/** The typedef as a Lua table located where the schema uses it, or undefined when Kong has no such typedef. */
export function typedefValue(name: string, location: SourceLocation): LuaTable | undefined {
  if (!isKnownTypedef(name)) return undefined;
  const spec = CATALOG[name] as SpecTable;
  const table = specToValue(spec, location);
  return table.kind === "table" ? { ...table, typedef: name } : undefined;
}

/** A catalog entry as the Lua value the schema would see, located where the schema uses it. */
export function specToValue(spec: Spec, location: SourceLocation): LuaValue {
  if (spec === KONG_FUNCTION) return { kind: "function", location };
  if (spec === NGX_NULL) return { kind: "null", location };
  if (typeof spec === "string") return { kind: "string", value: spec, location };
  if (typeof spec === "number") return { kind: "number", value: spec, location };
  if (typeof spec === "boolean") return { kind: "boolean", value: spec, location };
  if (Array.isArray(spec)) {
    return { kind: "table", items: spec.map((item) => specToValue(item, location)), fields: [], hasUnknownEntries: false, location };
  }
  if (isKongValidator(spec)) return { kind: "function", location, kong: spec.kongValidator };
  if (isNotModelled(spec)) return { kind: "unknown", reason: spec.notModelled, location };
  const fields: LuaTableField[] = Object.entries(spec).map(([key, value]) => ({ key, keyLocation: location, value: specToValue(value, location) }));
  return { kind: "table", items: [], fields, hasUnknownEntries: false, location };
}

function isKongValidator(spec: SpecTable | NotModelled | KongValidatorSpec): spec is KongValidatorSpec {
  return typeof (spec as KongValidatorSpec).kongValidator === "string" && Object.keys(spec).length === 1;
}

function isNotModelled(spec: SpecTable | NotModelled): spec is NotModelled {
  return typeof (spec as NotModelled).notModelled === "string" && Object.keys(spec).length === 1;
}
