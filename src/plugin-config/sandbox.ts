import type { CheckEnvironment, LuaFunctionRunner, LuaCallResult } from "./context.js";
import type { SchemaPath } from "./schema-model.js";
import type { ConfigValue } from "./value.js";

/*
 * Runs the functions of a schema.lua (custom_validator, shorthand func, custom_entity_check fn) in
 * a sandboxed Lua VM: wasmoon (PUC Lua 5.4 compiled to WebAssembly), loaded only when a checked
 * config needs it. The sandbox has no io, os, require of real modules, load of bytecode, or debug;
 * each call is bounded in instructions (a count hook) and the VM in memory (a hard allocator cap).
 * Values cross as Lua source literals one way and a tagged JSON text the other, so ngx.null and
 * integers-vs-floats survive.
 *
 * Why wasmoon over fengari (Lua 5.3 in JS): both differ from LuaJIT (5.1) in the same places
 * (integer subtype: tostring(3.0) is "3.0"; no setfenv), but wasmoon runs the reference C
 * implementation (its string library and patterns are Lua's own), caps memory for real, and is a
 * fifth of the size; fengari cannot bound memory, and its patterns are a port.
 */

export const INSTRUCTION_LIMIT = 5_000_000;
export const MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;

const BOOTSTRAP = String.raw`
local NULL = setmetatable({}, { __tostring = function() return "userdata: NULL" end })
local LIMIT, KONG_DICTS = ...
local debug_sethook, pcall_, error_, type_, pairs_, tostring_ = debug.sethook, pcall, error, type, pairs, tostring
local string_format, table_concat, math_type = string.format, table.concat, math.type

-- what schema.lua may require: Kong's modules become permissive stand-ins (a config check only
-- calls functions of schema.lua itself; Konnect requires them to be self-contained)
local function stand_in()
  local proxy
  proxy = setmetatable({}, {
    __index = function() return proxy end,
    __call = function(_, t) if type_(t) == "table" then return t end return proxy end,
  })
  return proxy
end

local env = {
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
  rawequal = rawequal, rawget = rawget, rawlen = rawlen, rawset = rawset, select = select,
  setmetatable = setmetatable, getmetatable = getmetatable, tonumber = tonumber, tostring = tostring,
  type = type, unpack = table.unpack, xpcall = xpcall, _VERSION = "Lua 5.1",
  string = { byte = string.byte, char = string.char, find = string.find, format = string.format,
    gmatch = string.gmatch, gsub = string.gsub, len = string.len, lower = string.lower,
    match = string.match, rep = string.rep, reverse = string.reverse, sub = string.sub, upper = string.upper },
  table = { concat = table.concat, insert = table.insert, remove = table.remove, sort = table.sort,
    unpack = table.unpack, getn = function(t) return #t end },
  math = { abs = math.abs, ceil = math.ceil, floor = math.floor, fmod = math.fmod, huge = math.huge,
    max = math.max, min = math.min, modf = math.modf, pi = math.pi, sqrt = math.sqrt, tointeger = math.tointeger,
    pow = function(a, b) return a ^ b end, log = math.log, exp = math.exp },
}
-- Konnect's control plane runs an uploaded schema without the kong global and without shared
-- dicts: kong is nil and ngx.shared is empty there (a validator that needs them fails as it fails
-- in Konnect). On a Kong node (KONG_DICTS given) kong is an inert stand-in and ngx.shared holds
-- the dicts Kong's nginx template declares. Other ngx functions are inert stand-ins.
local shared = {}
for i = 1, #(KONG_DICTS or {}) do shared[KONG_DICTS[i]] = stand_in() end
env.ngx = setmetatable({ null = NULL, shared = shared }, { __index = function() return stand_in() end })
if KONG_DICTS then env.kong = stand_in() end
env._G = env
env.require = function() return stand_in() end

local function limited(fn, ...)
  debug_sethook(function() error_("instruction limit reached", 2) end, "", LIMIT)
  local result = table.pack(pcall_(fn, ...))
  debug_sethook()
  return result
end

local function quote(s) return string_format("%q", s):gsub("\\\n", "\\n") end
local function encode(v, depth)
  if depth > 50 then return '{"t":"x"}' end
  if v == nil then return '{"t":"nil"}' end
  if v == NULL then return '{"t":"null"}' end
  local t = type_(v)
  if t == "string" then return '{"t":"s","v":' .. quote(v) .. '}' end
  if t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then return '{"t":"x"}' end
    return '{"t":"n","v":' .. string_format("%.17g", v) .. '}'
  end
  if t == "boolean" then return '{"t":"b","v":' .. tostring_(v) .. '}' end
  if t == "table" then
    local items, fields, n = {}, {}, #v
    for i = 1, n do items[i] = encode(v[i], depth + 1) end
    for k, x in pairs_(v) do
      if type_(k) == "string" then fields[#fields + 1] = quote(k) .. ":" .. encode(x, depth + 1) end
    end
    return '{"t":"t","i":[' .. table_concat(items, ",") .. '],"f":{' .. table_concat(fields, ",") .. '}}'
  end
  return '{"t":"x"}'
end

local schema
function __kplug_load(text)
  local chunk, err = load(text, "=schema.lua", "t", env)
  if not chunk then return "load: " .. tostring_(err) end
  local r = limited(chunk)
  if not r[1] then return "run: " .. tostring_(r[2]) end
  schema = r[2]
  return nil
end

function __kplug_call(path, args_source)
  local f = schema
  for i = 1, #path do
    if type_(f) ~= "table" then return '{"unreachable":true,"error":"no such function in schema.lua"}' end
    f = f[path[i]]
  end
  if type_(f) ~= "function" then return '{"unreachable":true,"error":"no such function in schema.lua"}' end
  local make = load("local NULL = ...; return " .. args_source, "=args", "t", {})
  local args = make(NULL)
  local r = limited(f, table.unpack(args, 1, args.n))
  if not r[1] then return '{"error":' .. quote(tostring_(r[2])) .. '}' end
  local out = {}
  for i = 2, r.n do out[#out + 1] = encode(r[i], 0) end
  return '{"results":[' .. table_concat(out, ",") .. ']}'
end
`;

/** A config value as a Lua expression (inside the sandbox NULL is ngx.null). */
function toLua(value: ConfigValue | undefined): string {
  if (value === undefined) return "nil";
  switch (value.kind) {
    case "null":
      return "NULL";
    case "boolean":
      return String(value.value);
    case "number":
      if (Number.isNaN(value.value)) return "(0/0)";
      if (!Number.isFinite(value.value)) return value.value > 0 ? "math.huge" : "(-math.huge)";
      // LuaJIT prints an integral double without ".0": pass integral values as Lua integers
      return Number.isInteger(value.value) && Math.abs(value.value) < 2 ** 53 ? value.value.toFixed(0) : value.value.toPrecision(17);
    case "string":
      return luaStringLiteral(value.value);
    case "table": {
      const parts = value.items.map(toLua);
      for (const [key, item] of value.fields) parts.push(`[${luaStringLiteral(key)}]=${toLua(item)}`);
      return `{${parts.join(",")}}`;
    }
  }
}

function luaStringLiteral(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, "utf8")) out += byte >= 32 && byte < 127 && byte !== 34 && byte !== 92 ? String.fromCharCode(byte) : `\\${byte}`;
  return `${out}"`;
}

interface Tagged {
  t: string;
  v?: string | number | boolean;
  i?: Tagged[];
  f?: Record<string, Tagged>;
}

function fromTagged(tagged: Tagged): ConfigValue | undefined {
  switch (tagged.t) {
    case "s":
      return { kind: "string", value: String(tagged.v) };
    case "n":
      return { kind: "number", value: Number(tagged.v) };
    case "b":
      return { kind: "boolean", value: tagged.v === true };
    case "null":
      return { kind: "null" };
    case "t":
      return {
        kind: "table",
        items: (tagged.i ?? []).map((item) => fromTagged(item) ?? { kind: "null" }),
        fields: new Map(Object.entries(tagged.f ?? {}).flatMap(([key, item]) => {
          const value = fromTagged(item);
          return value ? [[key, value] as [string, ConfigValue]] : [];
        })),
      };
    default:
      return undefined;
  }
}

/** Lua's %q writes bytes as decimal escapes and "\<newline>"; make it JSON. */
function luaQuotedToJson(text: string): string {
  return text.replace(/"((?:[^"\\]|\\.)*)"/g, (_match, body: string) => {
    const bytes: number[] = [];
    for (let i = 0; i < body.length; i++) {
      const ch = body[i] as string;
      if (ch !== "\\") {
        bytes.push(...Buffer.from(ch, "utf8"));
        continue;
      }
      const next = body[++i] as string;
      const digits = /^\d{1,3}/.exec(body.slice(i));
      if (digits) {
        bytes.push(Number(digits[0]));
        i += digits[0].length - 1;
      } else if (next === "n") bytes.push(10);
      else if (next === "r") bytes.push(13);
      else if (next === "t") bytes.push(9);
      else bytes.push(next.charCodeAt(0));
    }
    return JSON.stringify(Buffer.from(bytes).toString("utf8"));
  });
}


/** The shared dicts Kong's nginx template (kong/templates/nginx_kong.lua) declares on every node. */
const KONG_NODE_DICTS = [
  "kong", "kong_locks", "kong_healthchecks", "kong_cluster_events", "kong_rate_limiting_counters", "kong_core_db_cache",
  "kong_core_db_cache_miss", "kong_db_cache", "kong_db_cache_miss", "kong_secrets", "kong_dns_cache",
];

/** Starts a sandbox holding this schema.lua; an error text when it cannot (the checks then say so). */
export async function createLuaSandbox(schemaText: string, environment: CheckEnvironment = "konnect"): Promise<LuaFunctionRunner | { error: string }> {
  const { LuaFactory } = await import("wasmoon");
  const engine = await new LuaFactory().createEngine({ openStandardLibs: true, injectObjects: false, enableProxy: false, traceAllocations: true });
  try {
    await engine.doString(`local f = load(${JSON.stringify(BOOTSTRAP)}); f(${INSTRUCTION_LIMIT}, ${environment === "kong-node" ? `{${KONG_NODE_DICTS.map((d) => JSON.stringify(d)).join(",")}}` : "nil"})`);
  } catch (error) {
    engine.global.close();
    return { error: `the Lua sandbox did not start: ${error instanceof Error ? error.message : String(error)}` };
  }
  engine.global.setMemoryMax(MEMORY_LIMIT_BYTES);
  const load = engine.global.get("__kplug_load") as (text: string) => string | null | undefined;
  const call = engine.global.get("__kplug_call") as (path: (string | number)[], args: string) => string;
  const loadError = load(schemaText);
  if (loadError) {
    engine.global.close();
    return { error: `schema.lua did not run in the sandbox (${loadError})` };
  }
  return {
    call(path: SchemaPath, args: ConfigValue[]): LuaCallResult {
      const source = `{n=${args.length},${args.map(toLua).join(",")}}`;
      let raw: string;
      try {
        raw = call(path, source);
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      const parsed = JSON.parse(luaQuotedToJson(raw)) as { error?: string; unreachable?: boolean; results?: Tagged[] };
      if (parsed.error !== undefined) return parsed.unreachable === true ? { ok: false, error: parsed.error, unreachable: true } : { ok: false, error: parsed.error };
      return { ok: true, results: (parsed.results ?? []).map(fromTagged) };
    },
  };
}
