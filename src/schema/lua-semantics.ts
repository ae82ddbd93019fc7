import type { SourceLocation } from "../lua/parse.js";
import { luaNumberToString } from "../lua/number-text.js";
import type { LuaTable, LuaValue } from "../lua/values.js";

/*
 * What Lua itself does with values, as Kong's validators meet them: type(), ==, tostring, #,
 * comparisons that raise on mixed types. Kong's code relies on these, so the validator does too.
 */

/** A Lua error raised inside Kong's code (e.g. comparing a string with a number). */
export class LuaRaise extends Error {}

/** The value depends on something kplug cannot know statically (a function call, a custom validator). */
export class NotStatic extends Error {}

/** Lua's `type(v)`; ngx.null is a userdata. */
export function luaType(value: LuaValue): "string" | "number" | "boolean" | "nil" | "table" | "function" | "userdata" | "cdata" {
  switch (value.kind) {
    case "null":
      return "userdata";
    case "unknown":
      if (value.luaType) return value.luaType;
      throw new NotStatic(value.reason);
    default:
      return value.kind;
  }
}

/** Lua's `a == b`: same type and value; tables and functions by identity. */
export function luaEquals(a: LuaValue, b: LuaValue): boolean {
  if (a.kind === "unknown" || b.kind === "unknown") {
    // values of different Lua types are never equal, except a cdata number and a number (LuaJIT compares their values)
    const [ta, tb] = [luaType(a), luaType(b)];
    const numeric = (t: string): boolean => t === "number" || t === "cdata";
    if (ta !== tb && !(numeric(ta) && numeric(tb))) return false;
    throw new NotStatic("a value not known statically");
  }
  const ta = luaType(a);
  if (ta !== luaType(b)) return false;
  if (a.kind === "string" || a.kind === "number" || a.kind === "boolean") return a.value === (b as typeof a).value;
  if (a.kind === "nil" || a.kind === "null") return true;
  return a === b;
}

/** Lua's `tostring(v)` for the values whose text is stable (tables and functions have addresses). */
export function luaToString(value: LuaValue): string {
  switch (value.kind) {
    case "string":
      return value.value;
    case "number":
      return luaNumberToString(value.value);
    case "boolean":
      return String(value.value);
    case "nil":
      return "nil";
    case "null":
      return "userdata: NULL";
    case "unknown":
      throw new NotStatic(value.reason);
    default:
      return `${value.kind}: 0x…`;
  }
}

/** Lua's `#v`: bytes of a string, border of a table; raises on other types. */
export function luaLength(value: LuaValue): number {
  if (value.kind === "string") return Buffer.byteLength(value.value);
  if (value.kind === "table") {
    staticTable(value);
    return value.items.length;
  }
  luaType(value);
  throw new LuaRaise(`attempt to get length of a ${luaType(value)} value`);
}

/** Lua's `<` with its rules: numbers with numbers, strings with strings (byte order), else raises. */
export function luaLess(a: LuaValue, b: LuaValue): boolean {
  if (a.kind === "number" && b.kind === "number") return a.value < b.value;
  if (a.kind === "string" && b.kind === "string") return Buffer.compare(Buffer.from(a.value), Buffer.from(b.value)) < 0;
  throw new LuaRaise(`attempt to compare ${luaType(a)} with ${luaType(b)}`);
}

/** Lua's string coercion for string library functions (`string.sub(5, …)` works on "5"). */
export function luaStringArgument(value: LuaValue): string {
  if (value.kind === "string") return value.value;
  if (value.kind === "number") return luaNumberToString(value.value);
  throw new LuaRaise(`bad argument (string expected, got ${luaType(value)})`);
}

/** `value:match(…)`: only strings have methods (numbers do not). */
export function luaStringReceiver(value: LuaValue): string {
  if (value.kind === "string") return value.value;
  throw new LuaRaise(`attempt to index a ${luaType(value)} value`);
}

/** `t[i]` for i = 1..#t, on a table known statically. */
export function luaItems(table: LuaTable): LuaValue[] {
  staticTable(table);
  return table.items;
}

/** Throws NotStatic when a table has entries not known statically. */
export function staticTable(table: LuaTable): LuaTable {
  if (table.hasUnknownEntries) throw new NotStatic("the table has entries not known statically");
  return table;
}

/** Kong's `is_sequence`: a table whose keys are exactly 1..n. */
export function isSequence(value: LuaValue): boolean {
  if (value.kind !== "table") return false;
  // a number key that does not continue 1..n is certain, whatever else the table holds
  if (value.numberKeys) return false;
  staticTable(value);
  return value.fields.length === 0 && value.items.every((item) => item.kind !== "nil");
}

/** `table.concat(list, ", ")`: raises on an element that is not a string or a number. */
export function luaConcat(items: LuaValue[], separator: string): string {
  return items
    .map((item, index) => {
      if (item.kind === "string" || item.kind === "number") return luaToString(item);
      if (item.kind === "unknown") throw new NotStatic(item.reason);
      throw new LuaRaise(`invalid value (at index ${index + 1}) in table for 'concat'`);
    })
    .join(separator);
}

const NOWHERE: SourceLocation = { line: 0, column: 0, endLine: 0, endColumn: 0 };

/**
 * A JSON value (a decK or Admin API configuration) as the Lua value Kong's cjson decoding gives:
 * null is ngx.null, objects are tables with string keys, arrays are sequences.
 */
export function luaValueFromJson(json: unknown, location: SourceLocation = NOWHERE): LuaValue {
  if (json === null) return { kind: "null", location };
  if (typeof json === "string") return { kind: "string", value: json, location };
  if (typeof json === "number") return { kind: "number", value: json, location };
  if (typeof json === "boolean") return { kind: "boolean", value: json, location };
  if (Array.isArray(json)) return { kind: "table", items: json.map((item) => luaValueFromJson(item, location)), fields: [], hasUnknownEntries: false, location };
  if (typeof json === "object") {
    const fields = Object.entries(json as Record<string, unknown>).map(([key, value]) => ({ key, keyLocation: location, value: luaValueFromJson(value, location) }));
    return { kind: "table", items: [], fields, hasUnknownEntries: false, location };
  }
  return { kind: "unknown", reason: `a JSON value of type ${typeof json}`, location };
}
