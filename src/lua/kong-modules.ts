import type { SourceLocation } from "./parse.js";
import { specToValue, typedefSpec, type Spec, type SpecTable } from "./typedefs.js";
import type { LuaValue } from "./values.js";

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

const MODULES: Record<string, Record<string, Spec>> = {
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
