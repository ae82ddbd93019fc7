import type { SourceLocation } from "./parse.js";

/**
 * The result of statically evaluating Lua: what the evaluator could know, and `unknown` for
 * everything it could not (never a guess). Rules skip unknowns.
 */
export type LuaValue =
  | LuaString
  | LuaNumber
  | LuaBoolean
  | LuaNil
  | LuaNull
  | LuaTable
  | LuaFunction
  | LuaUnknown;

interface Located {
  /** where the expression that produced this value is written */
  location: SourceLocation;
}

export interface LuaString extends Located {
  kind: "string";
  value: string;
}
export interface LuaNumber extends Located {
  kind: "number";
  value: number;
}
export interface LuaBoolean extends Located {
  kind: "boolean";
  value: boolean;
}
export interface LuaNil extends Located {
  kind: "nil";
}
/** `ngx.null`: OpenResty's JSON null (a userdata), a real value in schemas (`default = ngx.null`, `eq = ngx.null`). */
export interface LuaNull extends Located {
  kind: "null";
}
export interface LuaFunction extends Located {
  kind: "function";
  /** the luaparse FunctionDeclaration node, when the function is written in this file */
  node?: unknown;
  /** the Kong typedef validator this function is (`typedefs.ip`'s custom_validator is "ip") */
  kong?: string;
  /** a function of Lua's standard library (`print`, `type`, …), by its global name */
  builtin?: string;
  /**
   * Its results when called after schema.lua has loaded (as Kong calls a custom_validator), for a
   * function of this file whose body kplug can follow; undefined when they are not all known.
   */
  call?: (args: readonly LuaValue[]) => LuaValue[] | undefined;
}
export interface LuaUnknown extends Located {
  kind: "unknown";
  /** why it could not be evaluated, e.g. "call to a function" */
  reason: string;
  /**
   * the Lua type of the value when it is certain though the value is not: a LuaJIT cdata number
   * (`1LL`, `0x10ULL`, `1i`), the string `string.format(…)` or `("x"):rep(n, sep)` makes. Kong's
   * type checks decide on it alone (default = string.format(…) on a boolean is "expected a boolean").
   */
  luaType?: "string" | "number" | "cdata" | "table";
}

/** A key of a table written as `key = value` or `["key"] = value`. */
export interface LuaTableField {
  key: string;
  keyLocation: SourceLocation;
  value: LuaValue;
}

/** An entry written `[n] = value`. */
export interface LuaTableNumberField {
  key: number;
  keyLocation: SourceLocation;
  value: LuaValue;
}

export interface LuaTable extends Located {
  kind: "table";
  /** positional entries, in order (`{ a, b }`) */
  items: LuaValue[];
  /** string-keyed entries, in source order; a later duplicate key wins, as in Lua */
  fields: LuaTableField[];
  /** true when some entries could not be placed (computed keys, `...` or a call in last position) */
  hasUnknownEntries: boolean;
  /**
   * Number-keyed entries (`[0] = …`, `[3] = …`, `[1.5] = …`) that do not continue the positional
   * items, when they are the only entries not placed. Such a table also has `hasUnknownEntries`
   * (code that does not look here stays cautious), but it is certainly not a sequence and these
   * keys are certainly not field names.
   */
  numberKeys?: LuaTableNumberField[];
  /** where a key known not to be a string (a number or a boolean) was written: no field name */
  nonStringKey?: SourceLocation;
  /** where a boolean key was written (such an entry is not placed: the table also has unknown entries) */
  booleanKey?: SourceLocation;
  /** set when the table came from a Kong typedef (`typedefs.port`, `typedefs.port { ... }`) */
  typedef?: string;
}

/** The value of `key` in a table, or undefined when the table has no such string key. */
/** Each table's keys, indexed on first lookup (rebuilt if entries were added since). */
const indexes = new WeakMap<LuaTable, { size: number; byKey: Map<string, LuaValue> }>();

/**
 * tableGet for tables that are read many times and no longer change (schema definitions once
 * evaluated): the checks of configurations ask each definition for ~25 attributes per value.
 */
export function tableGetIndexed(table: LuaTable, key: string): LuaValue | undefined {
  let index = indexes.get(table);
  if (!index || index.size !== table.fields.length) {
    // later entries win, as in tableGet
    index = { size: table.fields.length, byKey: new Map(table.fields.map((entry) => [entry.key, entry.value])) };
    indexes.set(table, index);
  }
  return index.byKey.get(key);
}

export function tableGet(table: LuaTable, key: string): LuaValue | undefined {
  for (let i = table.fields.length - 1; i >= 0; i--) {
    const field = table.fields[i];
    if (field && field.key === key) return field.value;
  }
  return undefined;
}
