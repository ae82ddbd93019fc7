import { describe, expect, it } from "vitest";
import { entityCheckerFor } from "../../src/plugin-config/index.js";
import { evaluateSchema } from "../../src/lua/evaluate.js";
import { parseLua } from "../../src/lua/parse.js";
import { kongModuleMember } from "../../src/lua/kong-modules.js";

/*
 * Schemas built from Kong's own modules (as Kong's bundled plugins are, and custom plugins may be: the
 * modules ship with every data plane) are known statically, so their configs are checked instead of
 * being "not checkable". Each verdict names the Kong code that decides it.
 */

async function check(schemaText: string, config: unknown) {
  const checker = await entityCheckerFor("p", schemaText, "kong-node");
  return checker.check({ name: "p", config });
}

const at = { line: 1, column: 1, endLine: 1, endColumn: 1 };

describe("Kong module members kplug models (src/lua/kong-modules.ts)", () => {
  it("kong.tools.redis.schema config_schema: port is typedefs.port with default 6379 (kong/tools/redis/schema.lua), checked by Schema:validate_field between", async () => {
    const text = `local redis_schema = require "kong.tools.redis.schema"
return { name = "p", fields = { { config = { type = "record", fields = { { redis = redis_schema.config_schema } } } } } }`;
    const good = await check(text, { redis: { host: "localhost" } });
    expect(good.ok, JSON.stringify(good.fields)).toBe(true);
    const bad = await check(text, { redis: { port: 70000, ssl: "yes" } });
    expect(bad.fields).toEqual({ config: { redis: { port: "value should be between 0 and 65535", ssl: "expected a boolean" } } });
    expect(bad.problems.some((p) => p.kind === "not-checkable")).toBe(false);
  });

  it("proxy-cache strategies and request-size-limiting size units as one_of lists (kong/plugins/*/schema.lua one_of = module lists)", async () => {
    const text = `local strategies = require "kong.plugins.proxy-cache.strategies"
local handler = require "kong.plugins.request-size-limiting.handler"
local size_units = handler.size_units
return { name = "p", fields = { { config = { type = "record", fields = {
  { strategy = { type = "string", required = true, one_of = strategies.STRATEGY_TYPES } },
  { size_unit = { type = "string", required = true, default = size_units[1], one_of = size_units } },
} } } } }`;
    expect((await check(text, { strategy: "memory" })).ok).toBe(true);
    expect((await check(text, { strategy: "redis", size_unit: "gigabytes" })).fields).toEqual({
      config: { strategy: "expected one of: memory", size_unit: "expected one of: megabytes, kilobytes, bytes" },
    });
  });

  it("typedefs.queue is Kong's queue record (kong/tools/queue_schema.lua): defaults filled, between and one_of checked", async () => {
    const text = `local typedefs = require "kong.db.schema.typedefs"
return { name = "p", fields = { { config = { type = "record", fields = { { queue = typedefs.queue } } } } } }`;
    expect((await check(text, { queue: { max_batch_size: 10 } })).ok).toBe(true);
    expect((await check(text, { queue: { max_batch_size: 0, concurrency_limit: 2, nope: 1 } })).fields).toEqual({
      config: { queue: { max_batch_size: "value should be between 1 and 1000000", concurrency_limit: "expected one of: -1, 1", nope: "unknown field" } },
    });
  });

  it("typedefs.propagation: default_format is required and one of the injectors (kong/observability/tracing/propagation/schema.lua)", async () => {
    const text = `local typedefs = require "kong.db.schema.typedefs"
return { name = "p", fields = { { config = { type = "record", fields = { { propagation = typedefs.propagation { default = { default_format = "w3c" } } } } } } } }`;
    expect((await check(text, {})).ok).toBe(true);
    expect((await check(text, { propagation: { default_format: "b3-single", extract: ["b3-single"] } })).fields).toEqual({
      config: { propagation: { extract: { "1": expect.stringContaining("expected one of:") } } },
    });
  });

  it("a function the sandbox cannot reach (schema built from module stand-ins) is not checkable, not a Lua error", async () => {
    const text = `local redis_schema = require "kong.tools.redis.schema"
local shallow_copy = require("kong.tools.table").shallow_copy
local FIELDS = shallow_copy(redis_schema.config_schema.fields)
table.insert(FIELDS, { namespace = { type = "string", custom_validator = function(v) return #v < 3, "too long" end } })
return { name = "p", fields = { { config = { type = "record", fields = { { redis = { type = "record", fields = FIELDS } } } } } } }`;
    const result = await check(text, { redis: { namespace: "abcdef" } });
    expect(result.ok).toBe(true);
    expect(result.problems.filter((p) => p.kind === "not-checkable").map((p) => p.message)).toEqual([expect.stringContaining("Kong modules the sandbox does not have")]);
  });

  it("kong.constants (kong/constants.lua): protocols sorted as Kong sorts them, plus Enterprise's ws/wss; rate-limiting periods; headers", async () => {
    const text = `local constants = require "kong.constants"
return { name = "p", fields = { { config = { type = "record", fields = {
  { protocol = { type = "string", default = constants.PROTOCOLS[1], one_of = constants.PROTOCOLS } },
  { period = { type = "string", one_of = constants.RATELIMIT.PERIODS } },
  { header = { type = "string", default = constants.HEADERS.CONSUMER_ID } },
} } } } }`;
    expect((await check(text, { protocol: "wss", period: "hour" })).ok).toBe(true);
    expect((await check(text, { protocol: "h2", period: "week" })).fields).toEqual({
      config: {
        protocol: "expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp, ws, wss",
        period: "expected one of: second, minute, hour, day, month, year",
      },
    });
    expect(kongModuleMember("kong.constants", "BUNDLED_PLUGINS", at)).toBeUndefined();
  });

  it("members kplug does not model stay unknown", () => {
    expect(kongModuleMember("kong.tools.redis.schema", "other", at)).toBeUndefined();
    expect(kongModuleMember("kong.plugins.unknown", "x", at)).toBeUndefined();
    const evaluated = evaluateSchema(parseLua(`local m = require "kong.llm"; return { name = "p", fields = m.fields }`));
    expect(JSON.stringify(evaluated.value)).toContain("unknown");
  });
});
