import type { LuaValue } from "../lua/values.js";
import { attr } from "./schema-model.js";
import type { FieldRef } from "./schema-model.js";
import { constantOf } from "./from-schema.js";
import type { Constant } from "./from-schema.js";
import { LuaPatternError, luaPatternMatches } from "../schema/lua-pattern.js";
import type { ConfigValue } from "./value.js";
import { formatLuaNumber, luaEquals, luaToString } from "./value.js";

/*
 * Kong's per-value validators (kong/db/schema/init.lua `Schema.validators`, run in
 * `Schema.validators_order` by `Schema:validate_field`), with Lua's behaviour on odd inputs:
 * a comparison or `#` on the wrong type raises instead of failing.
 */

/** A validator's verdict: pass, fail with Kong's message, raise (a Lua error), or not decidable offline. */
export type Verdict = { ok: true } | { ok: false; message: string } | { raises: string } | { unknown: string };

const PASS: Verdict = { ok: true };
const fail = (message: string): Verdict => ({ ok: false, message });
const raise = (message: string): Verdict => ({ raises: message });

/** Kong's validators_order, minus custom_validator (run by the caller: it needs the Lua VM). */
export const VALIDATORS_ORDER = [
  "eq", "ne", "not_one_of", "one_of", "gt", "timestamp", "uuid", "is_regex", "between",
  "len_eq", "len_min", "len_max", "starts_with", "not_match", "match_none", "match", "match_all", "match_any",
  "contains", "custom_validator", "mutually_exclusive_subsets",
] as const;

type Runner = (value: ConfigValue, arg: Constant, field: FieldRef) => Verdict;

function compare(value: ConfigValue, limit: Constant): number | Verdict {
  if (value.kind === "number" && limit !== undefined && typeof limit === "object" && limit.kind === "number") return value.value - limit.value;
  if (value.kind === "string" && limit !== undefined && typeof limit === "object" && limit.kind === "string") return value.value < limit.value ? -1 : value.value > limit.value ? 1 : 0;
  return raise(`attempt to compare ${luaType(value)} with ${luaType(limit)}`);
}

function luaType(value: Constant): string {
  if (value === undefined) return "nil";
  if (value === "unknown") return "value";
  if (value === "function") return "function";
  if (value.kind === "null") return "userdata";
  return value.kind;
}

/** `#value` (plus the pair count for maps, as Kong's length validators do). */
function length(value: ConfigValue, field: FieldRef): number | Verdict {
  if (value.kind === "string") return Buffer.byteLength(value.value, "utf8");
  if (value.kind === "table") {
    const border = value.items.length;
    return attr(field.def, "type")?.kind === "string" && (attr(field.def, "type") as { value: string }).value === "map" ? border + border + value.fields.size : border;
  }
  return raise(`attempt to get length of a ${luaType(value)} value`);
}

function lengthValidator(word: string, test: (len: number, n: number) => boolean): Runner {
  return (value, arg, field) => {
    const len = length(value, field);
    if (typeof len !== "number") return len;
    if (typeof arg !== "object" || arg.kind !== "number") return raise("length limit is not a number");
    return test(len, arg.value) ? PASS : fail(`length must be ${word}${formatInt(arg.value)}`);
  };
}

/** Lua's `%d`: the number's integer part. */
function formatInt(n: number): string {
  return Number.isFinite(n) ? String(Math.trunc(n)) : formatLuaNumber(n);
}

/** `value:match(pattern)` — strings only (a number has no methods: Lua raises). */
function luaMatch(value: ConfigValue, pattern: Constant): boolean | Verdict {
  if (value.kind !== "string") return raise(`attempt to index a ${luaType(value)} value`);
  if (typeof pattern !== "object" || pattern.kind !== "string") return raise("bad argument #1 to 'match' (string expected)");
  try {
    return luaPatternMatches(value.value, pattern.value);
  } catch (error) {
    if (error instanceof LuaPatternError) return raise(error.message);
    throw error;
  }
}

/** `table.concat(options, ", ")`: strings and numbers only. */
function concat(options: Constant): string | Verdict {
  if (typeof options !== "object" || options.kind !== "table") return raise("bad argument to 'concat'");
  const parts: string[] = [];
  for (const option of options.items) {
    if (option.kind !== "string" && option.kind !== "number") return raise(`invalid value (at index ${parts.length + 1}) in table for 'concat'`);
    parts.push(luaToString(option));
  }
  return parts.join(", ");
}

function listOf(arg: Constant): ConfigValue[] {
  return typeof arg === "object" && arg.kind === "table" ? arg.items : [];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const RUNNERS: Record<string, Runner> = {
  eq: (value, wanted) => (typeof wanted === "object" && luaEquals(value, wanted) ? PASS : fail(`value must be ${wanted !== undefined && typeof wanted === "object" && wanted.kind === "null" ? "null" : luaToString(typeof wanted === "object" ? wanted : undefined)}`)),
  ne: (value, wanted) => (typeof wanted === "object" && luaEquals(value, wanted) ? fail(`value must not be ${luaToString(value)}`) : PASS),
  gt: (value, limit) => {
    const diff = compare(value, limit);
    if (typeof diff !== "number") return diff;
    return diff > 0 ? PASS : fail(`value must be greater than ${luaToString(typeof limit === "object" ? limit : undefined)}`);
  },
  between: (value, limits) => {
    const [low, high] = listOf(limits);
    const below = compare(value, low);
    if (typeof below !== "number") return below;
    if (below < 0) return fail(`value should be between ${formatBound(low)} and ${formatBound(high)}`);
    const above = compare(value, high);
    if (typeof above !== "number") return above;
    return above > 0 ? fail(`value should be between ${formatBound(low)} and ${formatBound(high)}`) : PASS;
  },
  len_eq: lengthValidator("", (len, n) => len === n),
  len_min: lengthValidator("at least ", (len, n) => len >= n),
  len_max: lengthValidator("at most ", (len, n) => len <= n),
  match: (value, pattern) => {
    const m = luaMatch(value, pattern);
    return typeof m !== "boolean" ? m : m ? PASS : fail(`invalid value: ${luaToString(value)}`);
  },
  not_match: (value, pattern) => {
    const m = luaMatch(value, pattern);
    return typeof m !== "boolean" ? m : m ? fail(`invalid value: ${luaToString(value)}`) : PASS;
  },
  match_all: (value, list) => {
    for (const entry of listOf(list)) {
      const m = luaMatch(value, entry.kind === "table" ? entry.fields.get("pattern") : undefined);
      if (typeof m !== "boolean") return m;
      if (!m) return errOf(entry, value);
    }
    return PASS;
  },
  match_none: (value, list) => {
    for (const entry of listOf(list)) {
      const m = luaMatch(value, entry.kind === "table" ? entry.fields.get("pattern") : undefined);
      if (typeof m !== "boolean") return m;
      if (m) return errOf(entry, value);
    }
    return PASS;
  },
  match_any: (value, arg) => {
    const patterns = typeof arg === "object" && arg.kind === "table" ? arg.fields.get("patterns") : undefined;
    for (const pattern of listOf(patterns)) {
      const m = luaMatch(value, pattern);
      if (typeof m !== "boolean") return m;
      if (m) return PASS;
    }
    return errOf(typeof arg === "object" ? arg : undefined, value);
  },
  starts_with: (value, expected) => {
    if (typeof expected !== "object" || (expected.kind !== "string" && expected.kind !== "number")) return raise("attempt to get length of expected");
    if (value.kind !== "string" && value.kind !== "number") return raise(`bad argument #1 to 'sub' (string expected, got ${luaType(value)})`);
    const prefix = luaToString(expected);
    const text = Buffer.from(luaToString(value), "utf8");
    return text.subarray(0, Buffer.byteLength(prefix)).toString("latin1") === Buffer.from(prefix, "utf8").toString("latin1") ? PASS : fail(`should start with: ${prefix}`);
  },
  one_of: (value, options) => {
    if (listOf(options).some((option) => luaEquals(value, option))) return PASS;
    const list = concat(options);
    return typeof list === "string" ? fail(`expected one of: ${list}`) : list;
  },
  not_one_of: (value, options) => {
    if (!listOf(options).some((option) => luaEquals(value, option))) return PASS;
    const list = concat(options);
    return typeof list === "string" ? fail(`must not be one of: ${list}`) : list;
  },
  timestamp: (value) => {
    const diff = compare(value, { kind: "number", value: 0 });
    if (typeof diff !== "number") return diff;
    return diff > 0 ? PASS : fail("expected a valid timestamp");
  },
  uuid: (value) => {
    const len = length(value, { name: "", def: { kind: "table", items: [], fields: [], hasUnknownEntries: false, location: { line: 0, column: 0, endLine: 0, endColumn: 0 } }, path: [] });
    if (typeof len !== "number") return len;
    return value.kind === "string" && len === 36 && UUID.test(value.value) ? PASS : fail("expected a valid UUID");
  },
  is_regex: (value) => {
    if (value.kind !== "string") return raise("bad argument to 're.match'");
    try {
      new RegExp(value.value, "u");
      return PASS;
    } catch {
      return { unknown: "is_regex uses PCRE; JavaScript could not compile this pattern, PCRE might" };
    }
  },
  contains: (value, wanted) => {
    if (value.kind !== "table") return raise(`attempt to get length of a ${luaType(value)} value`);
    if (value.items.some((item) => typeof wanted === "object" && luaEquals(item, wanted))) return PASS;
    return fail(`expected to contain: ${luaToString(typeof wanted === "object" ? wanted : undefined)}`);
  },
  mutually_exclusive_subsets: (value, subsets) => {
    if (value.kind !== "table") return raise(`attempt to get length of a ${luaType(value)} value`);
    const owner = new Map<string, ConfigValue>();
    for (const subset of listOf(subsets)) for (const element of listOf(subset)) owner.set(luaToString(element), subset);
    const memberOf: ConfigValue[] = [];
    for (const item of value.items) {
      const subset = item.kind === "string" || item.kind === "number" ? owner.get(luaToString(item)) : undefined;
      if (subset && !memberOf.includes(subset)) memberOf.push(subset);
    }
    if (memberOf.length <= 1) return PASS;
    return fail(`these sets are mutually exclusive: ${memberOf.map((subset) => `(${listOf(subset).map((e) => `'${luaToString(e)}'`).join(", ")})`).join(", ")}`);
  },
};

function formatBound(bound: ConfigValue | undefined): string {
  return bound?.kind === "number" ? formatInt(bound.value) : luaToString(bound);
}

/** A match_* validator's own `err` (nil when absent: Kong then falls back to "failed validating"). */
function errOf(entry: ConfigValue | undefined, value: ConfigValue): Verdict {
  const err = entry?.kind === "table" ? entry.fields.get("err") : undefined;
  if (err?.kind === "string") return fail(err.value);
  return fail(`failed validating: ${luaToString(value)}`);
}

/**
 * Runs one validator of a field on a value (type already checked). `name` must be in
 * VALIDATORS_ORDER and not custom_validator.
 */
export function runValidator(name: string, value: ConfigValue, raw: LuaValue, field: FieldRef): Verdict {
  const runner = RUNNERS[name];
  if (!runner) return PASS;
  const arg = constantOf(raw);
  if (arg === "unknown") return { unknown: `its ${name} is not known statically` };
  if (arg === "function") return raise(`${name} is a function`);
  return runner(value, arg, field);
}
