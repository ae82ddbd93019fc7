import { describe, expect, it } from "vitest";
import { evaluateSchema } from "../../src/lua/evaluate.js";
import type { SchemaEvaluation } from "../../src/lua/evaluate.js";
import { parseLua } from "../../src/lua/parse.js";
import type { LuaFunction, LuaTable, LuaValue } from "../../src/lua/values.js";
import { tableGet } from "../../src/lua/values.js";

function evaluate(text: string): SchemaEvaluation {
  return evaluateSchema(parseLua(text));
}

/** The value as plain data: unknown → "?reason", function → "fn", nil → null. */
function plain(value: LuaValue | undefined): unknown {
  if (!value) return undefined;
  switch (value.kind) {
    case "table": {
      const out: Record<string, unknown> = {};
      value.items.forEach((item, index) => (out[index + 1] = plain(item)));
      for (const field of value.fields) out[field.key] = plain(field.value);
      return out;
    }
    case "unknown":
      return `?${value.reason}`;
    case "function":
      return "fn";
    case "nil":
      return null;
    case "null":
      return "ngx.null";
    default:
      return value.value;
  }
}

function returned(text: string): unknown {
  return plain(evaluate(text).value);
}

function path(value: LuaValue | undefined, ...keys: (string | number)[]): LuaValue | undefined {
  let current = value;
  for (const key of keys) {
    if (current?.kind !== "table") return undefined;
    current = typeof key === "number" ? current.items[key - 1] : tableGet(current, key);
  }
  return current;
}

describe("evaluateSchema: literals and locals", () => {
  it("evaluates literals, nested tables and positional items (`z = nil` makes no entry)", () => {
    expect(returned(`return { name = "x", n = 1.5, b = true, z = nil, list = { "a", "b" }, ["k-1"] = 2 }`)).toEqual({
      name: "x",
      n: 1.5,
      b: true,
      list: { 1: "a", 2: "b" },
      "k-1": 2,
    });
  });

  it("follows locals, reassignment in straight-line code and `local schema = {…} return schema`", () => {
    const text = `
      local PLUGIN_NAME = "first"
      PLUGIN_NAME = "my-plugin"
      local schema = { name = PLUGIN_NAME }
      return schema`;
    expect(returned(text)).toEqual({ name: "my-plugin" });
  });

  it("shares one helper table between fields, as Lua does", () => {
    const value = evaluate(`local h = { type = "string" } return { a = h, b = h }`).value;
    expect(path(value, "a")).toBe(path(value, "b"));
    expect(plain(path(value, "a", "type"))).toBe("string");
  });

  it("folds concatenation and arithmetic of constants", () => {
    expect(returned(`local p = "my" local v = 2 return { name = p .. "-plugin-" .. v, max = 2^31 - 2, neg = -5, len = #"abc", pow = math.pow(2, 3) }`)).toEqual({
      name: "my-plugin-2",
      max: 2 ** 31 - 2,
      neg: -5,
      len: 3,
      pow: 8,
    });
  });

  it("applies table assignments made after the constructor", () => {
    expect(returned(`local s = { fields = {} } s.name = "late" s.fields[1] = { a = 1 } return s`)).toEqual({ name: "late", fields: { 1: { a: 1 } } });
  });

  it("keeps Lua's string values exact, including UTF-8 text", () => {
    expect(returned(`return { d = "Größe des Körpers" }`)).toEqual({ d: "Größe des Körpers" });
  });

  it("converts numeric strings in arithmetic and orders strings byte by byte, as Lua does", () => {
    expect(returned(`return { a = "5" + 0, b = -"3", c = "0x10" * 2, d = " 1e1 " * 1, e = "a" < "b", f = "b" <= "a", g = "abc" + 1 }`)).toEqual({
      a: 5,
      b: -3,
      c: 32,
      d: 10,
      e: true,
      f: false,
      g: "?operator + on values not known statically",
    });
  });

  it("runs load-time blocks in order: do … end and an if whose condition is known", () => {
    const text = `
      local d = { default = 1 }
      do d.default = 2 end
      local m
      if false then m = "a" elseif 1 == 1 then m = "b" else m = "c" end
      local n = "x"
      if nil then n = "y" end
      return { d = d, m = m, n = n }`;
    expect(returned(text)).toEqual({ d: { default: 2 }, m: "b", n: "x" });
  });

  it("runs loops over known values (numeric for, ipairs) and rawset; t[#t] = nil removes the last item", () => {
    const text = `
      local list = {}
      for i = 1, 5, 2 do list[#list + 1] = i * 10 end
      local names = {}
      for index, name in ipairs({ "a", "b" }) do names[name] = index end
      local t = {}
      rawset(t, "k", "v")
      local short = { 1, 2, 3 }
      short[#short] = nil
      return { list = list, names = names, t = t, short = short }`;
    expect(returned(text)).toEqual({ list: { 1: 10, 2: 30, 3: 50 }, names: { a: 1, b: 2 }, t: { k: "v" }, short: { 1: 1, 2: 2 } });
  });

  it("unpacks a sequence known statically: all items at the end of a constructor, the first elsewhere", () => {
    const text = `
      local defs = { { a = 1 }, { b = 2 } }
      return { all = { { z = 0 }, unpack(defs) }, first = unpack(defs), later = { unpack(defs), "x" }, other = { unpack(get()) } }`;
    const value = evaluate(text).value;
    expect(plain(path(value, "all"))).toEqual({ 1: { z: 0 }, 2: { a: 1 }, 3: { b: 2 } });
    expect(plain(path(value, "first"))).toEqual({ a: 1 });
    expect(plain(path(value, "later"))).toEqual({ 1: { a: 1 }, 2: "x" });
    expect((path(value, "other") as LuaTable).hasUnknownEntries).toBe(true);
  });

  it("runs local helper functions called as load-time statements; a helper also used as a value is not followed", () => {
    const text = `
      local list = {}
      local function add(name) list[#list + 1] = name end
      add("a") add("b")
      local t = { n = 1 }
      local function bump() t.n = 2 end
      bump()
      local u = { n = 1 }
      local function set_u() u.n = 2 end
      set_u()
      return { list = list, t = t, u = u, hook = set_u }`;
    const value = evaluate(text).value;
    expect(plain(path(value, "list"))).toEqual({ 1: "a", 2: "b" });
    expect(plain(path(value, "t", "n"))).toBe(2);
    expect((path(value, "u") as LuaTable).hasUnknownEntries).toBe(true);
  });

  it("keeps what every branch of an undecided if agrees on, and forgets what a loop it cannot run changes", () => {
    const text = `
      local p
      if feature_enabled() then p = { type = "string", one_of = { "a", "b" } } else p = { type = "string", one_of = { "a", "c", "d" } } end
      local t = { default = 1, type = "number" }
      for _, v in pairs(get()) do t.default = v end
      local same
      if feature_enabled() then same = 5 else same = 5 end
      return { p = p, t = t, same = same }`;
    const value = evaluate(text).value;
    expect(plain(path(value, "p", "type"))).toBe("string");
    expect(plain(path(value, "p", "one_of", 1))).toBe("a");
    expect(plain(path(value, "p", "one_of", 2))).toBe("?the value depends on a condition not known statically");
    expect((path(value, "p", "one_of") as LuaTable).hasUnknownEntries).toBe(true);
    expect((path(value, "t") as LuaTable).hasUnknownEntries).toBe(true);
    expect(plain(path(value, "same"))).toBe(5);
  });

  it("evaluates `and`/`or` when the left side is known", () => {
    expect(returned(`local x = nil return { a = x or "default", b = "v" and "w", c = false or nil }`)).toEqual({ a: "default", b: "w" });
  });
});

describe("evaluateSchema: the environment Konnect loads schema.lua in", () => {
  it("gives nil for os.getenv of a variable only the author would set, and leaves the process's own variables unknown", () => {
    expect(returned(`return { a = os.getenv("MY_FLAG"), b = os.getenv("HOME"), c = os.getenv("KONG_ROLE"), d = os.getenv(name) }`)).toEqual({
      b: "?an environment variable of the process loading the schema",
      c: "?an environment variable of the process loading the schema",
      d: "?an environment variable of the process loading the schema",
    });
  });

  it("has no kong global (also through _G), and Lua's standard functions are function values", () => {
    const value = evaluate(`kong_like = 1
return { a = kong and 1 or 2, b = _G.kong == nil, c = print, d = _G.kong_like, e = _G.type, f = SOMETHING }`).value;
    // SOMETHING is none of the runtime's globals and never assigned: nil on Konnect
    expect(plain(value)).toEqual({ a: 2, b: true, c: "fn", d: 1, e: "fn" });
    expect((path(value, "c") as { builtin?: string }).builtin).toBe("print");
  });

  it("pcall of a function reading the kong global gives false and Lua's message there; values of different types are never equal", () => {
    const text = `local ok, message, extra = pcall(function() return kong.configuration.role end)
local first = pcall(function() local r = kong.x return r end)
local unsure = pcall(function() return other.x end)
return { ok = ok, message = message, extra = extra == nil, first = first, unsure = unsure, mixed = message == 5, null = ngx.null == ngx.null, differ = "1" ~= 1 }`;
    expect(returned(text)).toEqual({
      ok: false,
      message: "attempt to index global 'kong' (a nil value)",
      extra: true,
      first: false,
      unsure: "?result of a function call",
      mixed: false,
      null: true,
      differ: true,
    });
  });

  it("a global set through the globals table has its value at load time, and one set where kplug cannot name it is unknown, not nil", () => {
    expect(returned(`_G.A = 1\nrawset(_G, "B", 2)\nreturn { a = A, b = B, c = C }`)).toEqual({ a: 1, b: 2 });
    expect(returned(`local G = _G\nG.C = 3\nreturn { c = C, e = E }`)).toEqual({ c: 3, e: "?global `E`" });
    expect(returned(`local function f() _G.D = 4 end\nreturn { d = D }`)).toEqual({ d: "?global `D`" });
  });

  it("on a Kong node (the config checker's kong-node environment) the kong global and the environment stay unknown", () => {
    const value = evaluateSchema(parseLua(`return { a = kong and 1 or 2, b = os.getenv("MY_FLAG") }`), "kong-node").value;
    expect(plain(value)).toEqual({ a: "?condition depends on an unknown value", b: "?an environment variable of the process loading the schema" });
  });
});

describe("evaluateSchema: unknowns are never guessed", () => {
  it("marks calls, globals and `...` unknown with a reason", () => {
    // a global the chunk assigns in a function may be set when the schema is read: unknown
    const value = evaluate(`function setup() SOME_GLOBAL = 1 end\nreturn { a = f(), b = SOME_GLOBAL, c = ..., d = ngx.req }`).value;
    expect(plain(path(value, "a"))).toBe("?result of a function call");
    expect(plain(path(value, "b"))).toBe("?global `SOME_GLOBAL`");
    expect(String(plain(path(value, "c")))).toMatch(/^\?`\.\.\.`/);
    expect(String(plain(path(value, "d")))).toMatch(/^\?/);
  });

  it("evaluates ngx.null as OpenResty's null, a value of its own (Kong: default = ngx.null is checked)", () => {
    const value = evaluate(`local t = { d = ngx.null }\nreturn t`).value;
    expect(path(value, "d")?.kind).toBe("null");
    expect(plain(evaluate(`local ngx = {}\nreturn { d = ngx.null }`).value)).toEqual({});
  });

  it("copies a table through Kong's deep copy and follows table.insert at load time", () => {
    const value = evaluate(`local deep_copy = require("kong.tools.table").cycle_aware_deep_copy
local base = { type = "record", fields = { { a = { type = "string" } } } }
local plus = deep_copy(base)
table.insert(plus.fields, { b = { type = "integer" } })
table.insert(plus.fields, 1, { z = { type = "boolean" } })
return { base = base, plus = plus, other = require("kong.plugins.x.schema").config }`).value;
    expect(plain(path(value, "base", "fields"))).toEqual({ 1: { a: { type: "string" } } });
    expect(plain(path(value, "plus", "fields"))).toEqual({ 1: { z: { type: "boolean" } }, 2: { a: { type: "string" } }, 3: { b: { type: "integer" } } });
    expect(String(plain(path(value, "other")))).toMatch(/^\?/);
  });

  it("keeps one entry per key, as LuaJIT does: later constants win, then entries stored at run time", () => {
    const value = evaluate(`local x = 5
return { a = "x", a = 5, b = function() end, b = "s", c = x, c = "s", d = {}, d = { 2 }, e = -1, e = "s" }`).value as LuaTable;
    expect(value.fields.map((f) => f.key)).toEqual(["a", "b", "c", "d", "e"]);
    expect(plain(value)).toEqual({ a: 5, b: "fn", c: 5, d: { 1: 2 }, e: "s" });
  });

  it("treats a local reassigned inside a function, or differently by an if it cannot decide, as unknown", () => {
    const text = `
      local mode = "a"
      if feature_enabled() then mode = "b" end
      local other = "x"
      local function set() other = "y" end
      return { mode = mode, other = other, hook = set }`;
    expect(returned(text)).toEqual({ mode: "?the value depends on a condition not known statically", other: "?`other` is reassigned inside a block or a function", hook: "fn" });
  });

  it("marks a table changed in a loop over unknown values or by a call as having unknown entries", () => {
    const loop = evaluate(`local list = { "a" } for i = 1, count() do list[#list + 1] = i end return { list = list }`).value;
    expect((path(loop, "list") as LuaTable).hasUnknownEntries).toBe(true);
    const call = evaluate(`local list = { "a" } add_to(list, "b") return { list = list }`).value;
    expect((path(call, "list") as LuaTable).hasUnknownEntries).toBe(true);
    const insertInLoop = evaluate(`local list = { "a" } for _, v in pairs(get()) do table.insert(list, v) end return { list = list }`).value;
    expect((path(insertInLoop, "list") as LuaTable).hasUnknownEntries).toBe(true);
    const pure = evaluate(`local list = { "a" } local n = 0 for _, v in ipairs(list) do n = n + 1 end return { list = list }`).value;
    expect((path(pure, "list") as LuaTable).hasUnknownEntries).toBe(false);
  });

  it("marks a spreading call in last position as unknown entries, not as an item", () => {
    const value = evaluate(`return { one_of = { "a", get_more() } }`).value;
    const oneOf = path(value, "one_of") as LuaTable;
    expect(oneOf.items.map(plain)).toEqual(["a"]);
    expect(oneOf.hasUnknownEntries).toBe(true);
  });

  it("returns unknown when the chunk may return from inside a block", () => {
    expect(returned(`if x then return { name = "a" } end return { name = "b" }`)).toMatch(/^\?/);
  });

  it("returns undefined when the chunk returns nothing", () => {
    expect(evaluate(`local schema = { name = "x" }`).value).toBeUndefined();
  });

  it("does not evaluate function bodies, keeps them as function values with their node", () => {
    const value = evaluate(`local function v(x) return x end return { a = v, b = function() return 1 end }`).value;
    const a = path(value, "a");
    expect(a?.kind).toBe("function");
    expect(a?.kind === "function" && (a.node as { type: string }).type).toBe("FunctionDeclaration");
    expect(plain(path(value, "b"))).toBe("fn");
  });
});

describe("evaluateSchema: typedefs", () => {
  it("resolves typedefs.X through a required local and marks the table", () => {
    const value = evaluate(`local typedefs = require "kong.db.schema.typedefs" return { p = typedefs.port }`).value;
    const port = path(value, "p") as LuaTable;
    expect(port.typedef).toBe("port");
    expect(plain(port)).toMatchObject({ type: "integer", between: { 1: 0, 2: 65535 } });
  });

  it("merges typedefs.X { overrides } as Kong's Schema.define does (only nil overrides take the typedef's value)", () => {
    const value = evaluate(`
      local typedefs = require("kong.db.schema.typedefs")
      return { h = typedefs.header_name { required = true, default = "x-id" }, p = typedefs.protocols_http { required = false }, n = typedefs.protocols_http { required = nil } }`).value;
    expect(plain(path(value, "h"))).toMatchObject({ type: "string", required: true, default: "x-id", custom_validator: "fn" });
    expect((path(value, "h") as LuaTable).typedef).toBe("header_name");
    // Schema.define's __call fills a key only when `arg[k] == nil`: an explicit false is kept
    expect(plain(path(value, "p", "required"))).toBe(false);
    expect(plain(path(value, "n", "required"))).toBe(true);
  });

  it("does not guess typedef attributes that a computed key of the overrides may replace", () => {
    const value = evaluate(`
      local typedefs = require("kong.db.schema.typedefs")
      local key = get_key()
      return { p = typedefs.port { [key] = 1 } }`).value;
    expect(plain(path(value, "p", "type"))).toMatch(/^\?typedefs\.port: type may be overridden/);
  });

  it("resolves require(\"kong.db.schema.typedefs\").X inline and records every typedef use", () => {
    const evaluation = evaluate(`return { p = require("kong.db.schema.typedefs").protocols_http, c = require("kong.db.schema.typedefs").no_consumer_group, x = require("kong.db.schema.typedefs").nope }`);
    expect(plain(path(evaluation.value, "p", "type"))).toBe("set");
    expect(evaluation.typedefs.map((t) => [t.name, t.known, t.enterprise])).toEqual([
      ["protocols_http", true, false],
      ["no_consumer_group", true, true],
      ["nope", false, false],
    ]);
    expect(plain(path(evaluation.value, "x"))).toBe("?typedef nope does not exist");
  });
});

describe("evaluateSchema: requires and load-time context", () => {
  it("lists every require with module, location, binding and whether it runs at load time", () => {
    const evaluation = evaluate(`local typedefs = require "kong.db.schema.typedefs"
local x = require("kong.plugins.p." .. "helpers")
local ok = pcall(require, "cjson")
local function later() return require("resty.sha256") end
local deep_copy = require("kong.tools.table").deep_copy
return {}`);
    expect(evaluation.requires.map((r) => [r.module, r.boundTo, r.atLoadTime, r.location.line])).toEqual([
      ["kong.db.schema.typedefs", "typedefs", true, 1],
      [undefined, "x", true, 2],
      ["cjson", undefined, true, 3],
      ["resty.sha256", undefined, false, 4],
      ["kong.tools.table", "deep_copy", true, 5],
    ]);
  });

  it("ignores a local named require", () => {
    expect(evaluate(`local require = function() end local x = require("x") return {}`).requires).toEqual([]);
  });

  it("reports `...` and unguarded `kong` at load time, not inside functions or behind a guard", () => {
    const evaluation = evaluate(`local name = ({...})[1]
local fips = kong.configuration.fips
local safe = kong and kong.configuration
if kong then local y = kong.version end
local f = function(...) return kong.version, ... end
return {}`);
    expect(evaluation.loadTimeContext.map((u) => [u.kind, u.location.line, u.location.column])).toEqual([
      ["vararg", 1, 16],
      ["kong", 2, 14],
    ]);
  });
});

describe("evaluateSchema: free globals of functions", () => {
  it("finds globals of a function and of the local helpers it calls, not its locals or upvalues", () => {
    const evaluation = evaluate(`local PREFIX = "x-"
local function helper(s) return cjson.encode(s) end
local function check(v)
  local n = #v
  if not v:find(PREFIX, 1, true) then return helper(v) end
  return string.len(v) > n and UNDEFINED
end
return { check = check }`);
    const check = path(evaluation.value, "check");
    if (check?.kind !== "function") throw new Error("expected a function");
    expect(evaluation.freeGlobals(check).map((g) => [g.name, g.viaHelper, g.location.line])).toEqual([
      ["cjson", "helper", 2],
      ["string", undefined, 6],
      ["UNDEFINED", undefined, 6],
    ]);
  });

  it("does not count a global the function tests before using it", () => {
    const evaluation = evaluate(`return { f = function(e)
  if _G.kong and kong.configuration.fips then return false end
  if ngx then ngx.log(ngx.ERR, "x") end
  return cjson and cjson.encode(e) or SOMETHING
end }`);
    const fn = path(evaluation.value, "f");
    if (fn?.kind !== "function") throw new Error("expected a function");
    expect(evaluation.freeGlobals(fn).map((g) => [g.name, g.location.line])).toEqual([
      ["_G", 2],
      ["SOMETHING", 4],
    ]);
  });

  it("knows the implicit self of methods", () => {
    const evaluation = evaluate(`local V = {} function V:check(v) return self.limit > v end return { f = V.check }`);
    const fn = path(evaluation.value, "f");
    if (fn?.kind !== "function") throw new Error("expected a function");
    expect(evaluation.freeGlobals(fn)).toEqual([]);
  });

  it("does not count globals a function only assigns", () => {
    const evaluation = evaluate(`return { f = function(v) local a a, _ = v:match("(a)(b)") return a end }`);
    const fn = path(evaluation.value, "f");
    if (fn?.kind !== "function") throw new Error("expected a function");
    expect(evaluation.freeGlobals(fn)).toEqual([]);
  });

  it("does not count globals the file defines at load time", () => {
    const evaluation = evaluate(`function split(s) return s end
LIMIT = 3
return { f = function(v) return split(v), LIMIT end }`);
    const fn = path(evaluation.value, "f");
    if (fn?.kind !== "function") throw new Error("expected a function");
    expect(evaluation.freeGlobals(fn)).toEqual([]);
  });
});

describe("evaluateSchema on a syntax error", () => {
  it("returns an empty evaluation", () => {
    const evaluation = evaluate(`return {`);
    expect(evaluation.value).toBeUndefined();
    expect(evaluation.requires).toEqual([]);
  });
});

describe("evaluateSchema: typedefs a schema defines itself", () => {
  it("uses `typedefs.X = Schema.define {…}` assignments instead of reporting X as unknown", () => {
    const evaluation = evaluate(`local typedefs = require("kong.db.schema.typedefs")
local Schema = require "kong.db.schema"
typedefs.protocols_https = Schema.define { type = "set", elements = { type = "string", one_of = { "https" } } }
return { p = typedefs.protocols_https, q = Schema.other { type = "x" } }`);
    expect(plain(path(evaluation.value, "p"))).toEqual({ type: "set", elements: { type: "string", one_of: { 1: "https" } } });
    expect(plain(path(evaluation.value, "q"))).toBe("?result of a function call");
    expect(evaluation.typedefs).toEqual([]);
  });

  it("gives nil to locals declared without a value", () => {
    expect(returned(`local a, b = "x" local c return { a = a, b = b, c = c }`)).toEqual({ a: "x" });
  });
});

describe("evaluateSchema: number keys and trailing nils", () => {
  it("places [n] = … keys that continue the sequence, drops trailing nils, and keeps the others as number keys", () => {
    expect(returned(`return { [1] = "a", [2] = "b" }`)).toEqual({ 1: "a", 2: "b" });
    expect(returned(`return { "a", [2] = "b", nil }`)).toEqual({ 1: "a", 2: "b" });
    expect(returned(`return { "x", nil }`)).toEqual({ 1: "x" });
    // a positional item wins over the number key it shares
    expect(returned(`return { [1] = "a", "b" }`)).toEqual({ 1: "b" });
    const holes = evaluate(`return { [1] = "a", [3] = "b", [0.5] = "c" }`).value as LuaTable;
    expect(plain(holes)).toEqual({ 1: "a" });
    expect(holes.hasUnknownEntries).toBe(true);
    expect(holes.numberKeys?.map((entry) => [entry.key, plain(entry.value)])).toEqual([
      [3, "b"],
      [0.5, "c"],
    ]);
  });

  it("gives no number keys when another key is not known statically", () => {
    const table = evaluate(`return { [3] = "b", [f()] = 1 }`).value as LuaTable;
    expect(table.hasUnknownEntries).toBe(true);
    expect(table.numberKeys).toBeUndefined();
  });
});

describe("evaluateSchema: pure library calls", () => {
  it("evaluates tostring, tonumber, string functions and methods, table.concat and a function called where it is written", () => {
    expect(
      returned(`local fmt = string.format
        return { tostring(5), tostring(2.5), tonumber("0x10"), tonumber(" 12 "), ("ab"):upper(), string.rep("ab", 3), ("hello"):sub(2, -2),
          fmt("%s=%d%%", "k", 5), table.concat({ "a", 1 }, ","), (function() return "v" end)(), string.len("abc") }`),
    ).toEqual({ 1: "5", 2: "2.5", 3: 16, 4: 12, 5: "AB", 6: "ababab", 7: "ell", 8: "k=5%", 9: "a,1", 10: "v", 11: 3 });
  });

  it("leaves calls it does not model, or over unknown values, unknown", () => {
    expect(returned(`return { a = tonumber("x"), b = string.format("%a", 1), c = tostring({}), d = string.rep(x, 2), e = os.getenv("HOME") }`)).toEqual({
      b: "?string.format(…) is not evaluated statically",
      c: "?tostring(…) is not evaluated statically",
      d: "?string.rep(…) is not evaluated statically",
      e: "?an environment variable of the process loading the schema",
    });
  });

  it("knows the Lua type of a string library call it does not evaluate (string.format, gsub, rep with a separator), not of find / match / tonumber", () => {
    const value = evaluate(`function setup() x = "" end\nreturn { a = string.format("%a", 1), b = ("a-b"):gsub("-", "_"), c = ("x"):rep(x, ","), d = ("abc"):find(x), e = tonumber(x), f = string.len(x) }`).value;
    const typeOf = (key: string) => (path(value, key) as { luaType?: string }).luaType;
    expect([typeOf("a"), typeOf("b"), typeOf("c"), typeOf("d"), typeOf("e"), typeOf("f")]).toEqual(["string", "string", "string", undefined, undefined, "number"]);
  });
});

describe("evaluateSchema: string library results LuaJIT gives", () => {
  it("evaluates string.format's numeric and string conversions", () => {
    expect(returned(`return { string.format("%.1f", 2), string.format("%05.1f|%-4d|%x|%g", -2.25, 7, 255, 1e20), ("%s=%q"):format(true, 'a"b') }`)).toEqual({
      1: "2.0",
      2: "-02.3|7   |ff|1e+20",
      3: 'true="a\\"b"',
    });
  });

  it("gives find's start, match's first capture (or the whole match) and byte's code; nil when nothing matches", () => {
    expect(returned(`return { a = ("a=b"):find("="), b = ("x-level"):match("^x%-(%a+)$"), c = ("abc"):match("b."), d = ("abc"):byte(1), e = ("a.c"):find(".", 1, true), f = ("abc"):find("z"), g = ("abc"):match("()c") }`)).toEqual({
      a: 2,
      b: "level",
      c: "bc",
      d: 97,
      e: 2,
      g: 3,
    });
  });

  it("does not spread find's other results into a list (they are not evaluated)", () => {
    expect(evaluate(`return { ("a=b"):find("=") }`).value).toMatchObject({ kind: "table", hasUnknownEntries: true });
  });

  it("reads tonumber with a base, rep with a separator and string.char of ASCII codes; a malformed pattern and bytes above 127 stay unknown", () => {
    const value = returned(`return { a = tonumber("z", 36), b = tonumber("-ff", 16), c = tonumber("8", 8), d = ("ab"):rep(2, ","), e = ("abc"):find("[a"), f = string.char(72, 105.9, "33"), g = string.char(200) }`);
    expect(value).toMatchObject({ a: 35, b: -255, d: "ab,ab", f: "Hi!" });
    expect((value as { g: string }).g).toMatch(/^\?/);
    expect(value).not.toHaveProperty("c");
    expect((value as { e: string }).e).toMatch(/^\?/);
  });
});

describe("evaluateSchema: pairs loops and helpers kept in tables", () => {
  it("runs a pairs() loop whose body only writes under the loop's key (a merge), whatever the order", () => {
    expect(
      returned(`local function merge(a, b) for k, v in pairs(b) do a[k] = v end return a end
        return merge({ type = "string", default = "x" }, { default = "y", required = true })`),
    ).toEqual({ type: "string", default: "y", required: true });
  });

  it("does not run a pairs() loop whose outcome depends on the order", () => {
    const value = evaluate(`local list = {} for k in pairs({ a = 1, b = 2 }) do table.insert(list, k) end return { one_of = list }`).value;
    expect(path(value, "one_of")).toMatchObject({ kind: "table", items: [], hasUnknownEntries: true });
  });

  it("calls a function stored in a table (function H.f(…) and H.f = function(…))", () => {
    expect(
      returned(`local H = {}
        function H.def(d) d.default = {} return d end
        H.named = function(kind) return { type = kind } end
        return { a = H.def({ type = "string" }), b = H.named("integer") }`),
    ).toEqual({ a: { type: "string", default: {} }, b: { type: "integer" } });
  });
});

describe("evaluateSchema: functions called after the load (custom validators)", () => {
  const callOf = (text: string) => {
    const fn = path(evaluate(text).value, "v") as LuaFunction;
    return (arg: LuaValue) => fn.call?.([arg])?.map(plain);
  };
  const str = (value: string): LuaValue => ({ kind: "string", value, location: { line: 1, column: 1, endLine: 1, endColumn: 1 } });

  it("runs a body that changes nothing outside itself, with upvalues at their final values", () => {
    const call = callOf(`local P = "x" local function f(v) local first = v:sub(1, 1) if first ~= P then return nil, "not " .. P end return true end P = "/" return { v = f }`);
    expect(call(str("/a"))).toEqual([true]);
    expect(call(str("a"))).toEqual([null, "not /"]);
  });

  it("does not run a body that assigns outside itself, calls a statement or another function of the file", () => {
    expect(callOf(`local seen = {} return { v = function(x) seen[x] = true return true end }`)(str("a"))).toBeUndefined();
    expect(callOf(`local n = 0 return { v = function(x) n = n + 1 return true end }`)(str("a"))).toBeUndefined();
    expect(callOf(`local function g(x) return true end return { v = function(x) return g(x) end }`)(str("a"))).toBeUndefined();
    expect(callOf(`return { v = function(x) print(x) return true end }`)(str("a"))).toBeUndefined();
  });
});

describe("evaluateSchema: functions with guard clauses", () => {
  it("follows the branch a known condition takes, up to its return", () => {
    expect(
      returned(`local function build(fields) if not fields then return nil end return { type = "record", fields = fields } end
        local function pick(kind) if kind == "n" then return { type = "number" } elseif kind == "s" then local d = { type = "string" } d.len_min = 1 return d end return { type = "boolean" } end
        return { a = build(nil), b = build({}), c = pick("n"), d = pick("s"), e = pick("x") }`),
    ).toEqual({ b: { type: "record", fields: {} }, c: { type: "number" }, d: { type: "string", len_min: 1 }, e: { type: "boolean" } });
  });

  it("gives an unknown result, and forgets what the rest may change, when a guard's condition is not known", () => {
    const value = evaluate(`local function f(def) if os.getenv("HOME") then return def end def.default = 7 return def end
      local shared = { type = "string" }
      return { a = f(shared), b = shared }`).value;
    expect(path(value, "a")).toMatchObject({ kind: "unknown" });
    expect(path(value, "b")).toMatchObject({ kind: "table", hasUnknownEntries: true });
  });
});

describe("evaluateSchema: load-time calls of the file's own functions", () => {
  it("runs a local function with a straight-line body (parameters, locals, assignments, one return)", () => {
    expect(
      returned(`local function make(kind, fallback)
          local d = { type = kind }
          d.default = fallback
          return d
        end
        return { a = make("string", "x"), b = make("integer") }`),
    ).toEqual({ a: { type: "string", default: "x" }, b: { type: "integer" } });
  });

  it("runs the blocks of a local function's body (an if on a parameter is decided)", () => {
    expect(returned(`local function opt(d, bad) if bad then d.default = {} else d.default = "x" end return d end return { a = opt({ type = "string" }, true), b = opt({ type = "string" }, false) }`)).toEqual({
      a: { type: "string", default: {} },
      b: { type: "string", default: "x" },
    });
  });

  it("leaves a function that returns from inside a loop, or that calls itself, unknown", () => {
    expect(returned(`local function make(x) for i = 1, 2 do if x then return i end end return 2 end return { a = make(true) }`)).toEqual({ a: "?result of a function call" });
    expect(returned(`local function loop() return loop() end return { a = loop() }`)).toEqual({ a: "?result of a function call" });
  });
  it("notes a top-level error() or failing assert() as a raise, and not a passing assert, a local error function or one inside a block", () => {
    expect(evaluateSchema(parseLua(`error("stop")\nreturn {}`)).raises?.message).toBe("stop");
    expect(evaluateSchema(parseLua(`assert(nil)\nreturn {}`)).raises?.message).toBe("assertion failed!");
    expect(evaluateSchema(parseLua(`local ready = false\nassert(ready, "not ready")\nreturn {}`)).raises?.message).toBe("not ready");
    expect(evaluateSchema(parseLua(`assert(true, "fine")\nreturn {}`)).raises).toBeUndefined();
    expect(evaluateSchema(parseLua(`local function error() end\nerror("x")\nreturn {}`)).raises).toBeUndefined();
    expect(evaluateSchema(parseLua(`if os.getenv("KONG_X") then error("x") end\nreturn {}`)).raises).toBeUndefined();
    expect(evaluateSchema(parseLua(`assert(os.getenv("KONG_X"))\nreturn {}`)).raises).toBeUndefined();
  });
  it("reads a global that is none of the runtime's and that the chunk never assigns as nil on Konnect; library tables are tables", () => {
    expect(returned(`return { a = boolean, b = undefined_name }`)).toEqual({});
    const value = evaluateSchema(parseLua(`return { t = string }`)).value as LuaTable;
    expect(tableGet(value, "t")).toMatchObject({ kind: "unknown", luaType: "table" });
    expect(returned(`function setup() flag = 1 end return { a = flag }`)).toEqual({ a: "?global `flag`" });
    expect(evaluateSchema(parseLua(`return { a = boolean }`), "kong-node").value).toMatchObject({ fields: [{ key: "a", value: { kind: "unknown" } }] });
  });
  it("evaluates string.byte with one position, tonumber with a base and string.format's %x / %X / %o as LuaJIT does", () => {
    expect(
      returned(`return { a = tonumber("z", 36), b = tonumber("zz", 10), c = tonumber(" -ff ", 16), d = ("abc"):byte(1), e = ("abc"):byte(-1), f = ("abc"):byte(9), g = string.format("%x", 255), h = string.format("%X|%o", 255, 8), i = string.byte("A") }`),
    ).toEqual({ a: 35, c: -255, d: 97, e: 99, g: "ff", h: "FF|10", i: 65 });
  });
});
