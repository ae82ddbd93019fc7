import type { SourceLocation } from "../lua/parse.js";
import type { LuaValue } from "../lua/values.js";
import { luaToString as luaTostring } from "../schema/lua-semantics.js";

/*
 * A plugin configuration value as Kong sees it after cjson decoded the request body: Lua strings,
 * numbers (doubles), booleans, ngx.null, and tables (a JSON array or object both become a table).
 * Each value remembers where it is written in the decK file, so findings can point at it.
 */
export type ConfigValue = ConfigString | ConfigNumber | ConfigBoolean | ConfigNull | ConfigTable;

interface Placed {
  /** where the value is written; undefined for values kplug made (defaults, shorthand results) */
  at?: SourceLocation | undefined;
}

export interface ConfigString extends Placed {
  kind: "string";
  value: string;
  /** set for decK's `${{ env "DECK_X" }}`: the real value is only known when decK renders the file */
  placeholder?: string;
}
export interface ConfigNumber extends Placed {
  kind: "number";
  value: number;
}
export interface ConfigBoolean extends Placed {
  kind: "boolean";
  value: boolean;
}
/** JSON null: `ngx.null` in Kong, a value distinct from a missing key (nil) */
export interface ConfigNull extends Placed {
  kind: "null";
}
export interface ConfigTable extends Placed {
  kind: "table";
  /** t[1..n] */
  items: ConfigValue[];
  /** string keys, in source order */
  fields: Map<string, ConfigValue>;
  /** where each string key is written */
  keyAt?: Map<string, SourceLocation>;
}

export function table(items: ConfigValue[] = [], fields = new Map<string, ConfigValue>(), at?: SourceLocation): ConfigTable {
  return { kind: "table", items, fields, ...(at ? { at } : {}) };
}

/** `t[key]` for a string key (a numeric-looking string is still a string key, as for cjson objects). */
export function get(value: ConfigValue | undefined, key: string): ConfigValue | undefined {
  return value?.kind === "table" ? value.fields.get(key) : undefined;
}

/** Kong's `is_sequence`: only 1..n keys (an empty table is a sequence). */
export function isSequence(value: ConfigValue): value is ConfigTable {
  return value.kind === "table" && value.fields.size === 0;
}

/** Kong's `is_nonempty`: not nil, not null, not an empty table, not "". */
export function isNonEmpty(value: ConfigValue | undefined): boolean {
  if (value === undefined || value.kind === "null") return false;
  if (value.kind === "table") return value.items.length > 0 || value.fields.size > 0;
  if (value.kind === "string") return value.value !== "";
  return true;
}

/** Lua's `==`: primitives by value, tables by identity. */
export function luaEquals(a: ConfigValue | undefined, b: ConfigValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind !== b.kind) return false;
  if (a.kind === "table") return a === b;
  if (a.kind === "null") return true;
  return (a as ConfigString).value === (b as ConfigString).value;
}

/** Kong's `deepcompare` (used by shorthand deprecation checks). */
export function deepEquals(a: ConfigValue | undefined, b: ConfigValue | undefined): boolean {
  if (a?.kind !== "table" || b?.kind !== "table") return luaEquals(a, b);
  if (a.items.length !== b.items.length || a.fields.size !== b.fields.size) return false;
  if (!a.items.every((item, i) => deepEquals(item, b.items[i]))) return false;
  for (const [key, item] of a.fields) if (!deepEquals(item, b.fields.get(key))) return false;
  return true;
}

/** Lua's `tostring` (src/schema's, LuaJIT's `%.14g` numbers); a table is just "table" (its address is not stable). */
export function luaToString(value: ConfigValue | undefined): string {
  if (value === undefined) return "nil";
  if (value.kind === "table") return "table";
  // src/schema's tostring reads only the kind and value of a string, number, boolean or null
  return luaTostring(value as unknown as LuaValue);
}

/** The value as JSON-ish text for messages ("expected one of" lists, mismatch reports). */
export function describeValue(value: ConfigValue | undefined): string {
  if (value === undefined) return "nil";
  if (value.kind === "string") return JSON.stringify(value.value);
  if (value.kind === "null") return "null";
  if (value.kind === "table") return value.fields.size > 0 ? "an object" : "an array";
  return luaToString(value);
}
