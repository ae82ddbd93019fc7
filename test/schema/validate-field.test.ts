import { describe, expect, it } from "vitest";
import { evaluateSchema } from "../../src/lua/evaluate.js";
import { parseLua } from "../../src/lua/parse.js";
import type { LuaTable, LuaValue } from "../../src/lua/values.js";
import { flattenKongError, luaValueFromJson, validateField } from "../../src/schema/index.js";
import type { FieldVerdict } from "../../src/schema/index.js";

/** `field` and `value` are Lua source; the verdict of Kong's validate_field as kplug models it. */
function verdict(field: string, value: string): FieldVerdict {
  const result = evaluateSchema(parseLua(`return { field = ${field}, value = ${value} }`)).value as LuaTable;
  const get = (key: string) => result.fields.find((f) => f.key === key)?.value as LuaValue;
  return validateField(get("field") as LuaTable, get("value"));
}

/** One line per error, as kplug prints them; "valid", "raises" or "unknown" otherwise. */
function say(field: string, value: string): string {
  const v = verdict(field, value);
  if (v.outcome === "invalid") return flattenKongError(v.error).join("; ");
  return v.outcome;
}

describe("validateField: types (Kong: validate_field's type checks)", () => {
  it("checks each scalar type in Kong's words", () => {
    expect(say(`{ type = "string" }`, "5")).toBe("expected a string");
    expect(say(`{ type = "integer" }`, "1.5")).toBe("expected an integer");
    expect(say(`{ type = "integer" }`, "math.huge")).toBe("expected an integer");
    expect(say(`{ type = "number" }`, `"5"`)).toBe("expected a number");
    expect(say(`{ type = "boolean" }`, `"true"`)).toBe("expected a boolean");
    expect(say(`{ type = "function" }`, `"f"`)).toBe("expected a function");
    expect(say(`{ type = "function" }`, "function() end")).toBe("valid");
    expect(say(`{ type = "integer" }`, "5")).toBe("valid");
  });

  it("refuses the empty string unless len_min says otherwise (Kong writes len_min = 1)", () => {
    expect(say(`{ type = "string" }`, `""`)).toBe("length must be at least 1");
    expect(say(`{ type = "string", len_min = 0 }`, `""`)).toBe("valid");
  });

  it("checks arrays, sets and maps element by element, with Kong's error tree", () => {
    expect(say(`{ type = "array", elements = { type = "string", one_of = { "a" } } }`, `{ "a", "b" }`)).toBe("[2]: expected one of: a");
    expect(say(`{ type = "array", elements = { type = "string" } }`, `{ "a", x = 1 }`)).toBe("expected an array");
    expect(say(`{ type = "set", elements = { type = "integer" } }`, `"x"`)).toBe("expected a set");
    expect(say(`{ type = "map", keys = { type = "string" }, values = { type = "integer" } }`, `{ a = "x" }`)).toBe("expected an integer");
    expect(say(`{ type = "map", keys = { type = "string" }, values = { type = "string" } }`, `{ "a" }`)).toBe("expected a string");
  });

  it("raises when an array has no elements table (Kong indexes field.elements)", () => {
    expect(say(`{ type = "array" }`, `{ "a" }`)).toBe("raises");
  });

  it("fills a record's defaults, then reports unknown and missing required fields", () => {
    const record = `{ type = "record", fields = { { a = { type = "string", required = true } }, { b = { type = "integer", default = 3, between = { 1, 2 } } } } }`;
    expect(say(record, `{ a = "x" }`)).toBe("b: value should be between 1 and 2");
    expect(say(record, `{ b = 1, c = true }`)).toBe("c: unknown field; a: required field missing");
    expect(say(`{ type = "record", fields = { { a = { type = "string", required = true, default = "x" } } } }`, "{}")).toBe("valid");
  });

  it("gives up on what needs Lua code: entity checks and custom validators it cannot read", () => {
    expect(say(`{ type = "record", fields = { { a = { type = "string" } } }, entity_checks = { { at_least_one_of = { "a" } } } }`, "{}")).toBe("unknown");
    expect(say(`{ type = "string", custom_validator = function(v) return v:find("x") end }`, `"y"`)).toBe("unknown");
  });
});

describe("validateField: ngx.null (Kong: the null branch of validate_field)", () => {
  it("is missing for a required field and fine otherwise", () => {
    expect(say(`{ type = "string", required = true }`, "ngx.null")).toBe("required field missing");
    expect(say(`{ type = "string" }`, "ngx.null")).toBe("valid");
  });

  it("answers eq / ne = ngx.null", () => {
    expect(say(`{ type = "string", eq = ngx.null }`, `"x"`)).toBe("value must be null");
    expect(say(`{ type = "string", ne = ngx.null }`, "ngx.null")).toBe("value must not be null");
    expect(say(`{ type = "string", eq = "a" }`, "ngx.null")).toBe("value must be a");
  });

  it("comes from JSON null for configurations", () => {
    expect(validateField(evaluateField(`{ type = "string", required = true }`), luaValueFromJson(null))).toEqual({ outcome: "invalid", error: "required field missing" });
  });
});

describe("validateField: validators with Lua semantics", () => {
  it("raises where Kong's validator raises on a value of another type", () => {
    expect(say(`{ type = "string", between = { 1, 10 } }`, `"5"`)).toBe("raises");
    expect(say(`{ type = "boolean", len_min = 1 }`, "true")).toBe("raises");
    expect(say(`{ type = "number", match = "^%d+$" }`, "5")).toBe("raises");
    expect(say(`{ type = "integer", timestamp = true, gt = "1" }`, "5")).toBe("raises");
    expect(say(`{ type = "string", match = "[a" }`, `"abc"`)).toBe("raises");
    expect(say(`{ type = "string", one_of = { true, "a" } }`, `"b"`)).toBe("raises");
  });

  it("coerces a number to its string form where Lua's string functions do", () => {
    expect(say(`{ type = "number", starts_with = "5" }`, "55")).toBe("valid");
    expect(say(`{ type = "number", starts_with = "1" }`, "5")).toBe("should start with: 1");
    expect(say(`{ type = "string", contains = "a" }`, `"abc"`)).toBe("expected to contain: a");
  });

  it("uses Lua patterns, not regular expressions", () => {
    expect(say(`{ type = "string", match = "^%a+$" }`, `"abc"`)).toBe("valid");
    expect(say(`{ type = "string", match = "^%a+$" }`, `"a1"`)).toBe("invalid value: a1");
    expect(say(`{ type = "string", match_all = { { pattern = "^a", err = "must start with a" } } }`, `"b"`)).toBe("must start with a");
    expect(say(`{ type = "string", match_any = { patterns = { "^x" } } }`, `"b"`)).toBe("invalid value: b");
    expect(say(`{ type = "string", not_match = "%d" }`, `"a1"`)).toBe("invalid value: a1");
  });

  it("runs validators in Kong's order and lets err replace their message", () => {
    expect(say(`{ type = "integer", between = { 1, 5 }, one_of = { 7 } }`, "9")).toBe("expected one of: 7");
    expect(say(`{ type = "integer", between = { 1, 5 }, err = "too big" }`, "9")).toBe("too big");
    expect(say(`{ type = "string", uuid = true }`, `"x"`)).toBe("expected a valid UUID");
    expect(say(`{ type = "string", is_regex = true }`, `"(a"`)).toBe("not a valid regex: (a");
  });

  it("reads custom validators whose result is plain, and calls error() a raise", () => {
    expect(say(`{ type = "string", custom_validator = function(v) return nil, "bad" end }`, `"x"`)).toBe("bad");
    expect(say(`{ type = "string", custom_validator = function() end }`, `"x"`)).toBe("failed validating: x");
    expect(say(`{ type = "string", custom_validator = function(v) return true end }`, `"x"`)).toBe("valid");
    expect(say(`{ type = "string", custom_validator = function(v) error("boom") end }`, `"x"`)).toBe("raises");
  });

  it("stops at abstract fields and skips validators of a vault reference", () => {
    expect(say(`{ type = "string", abstract = true }`, `"x"`)).toBe("error in schema definition: abstract field was not specialized");
    expect(say(`{ type = "string", referenceable = true, starts_with = "a" }`, `"{vault://env/x}"`)).toBe("valid");
  });
});

function evaluateField(source: string): LuaTable {
  return evaluateSchema(parseLua(`return ${source}`)).value as LuaTable;
}
