import type { LuaTable, LuaValue } from "../lua/values.js";
import { tableGet } from "../lua/values.js";
import { staticCallResult } from "./function-result.js";
import { KONG_VALIDATORS } from "./kong-validators.js";
import { KONG_MESSAGES } from "./kong-messages.js";
import { LuaPatternError, luaPatternMatches } from "../lua/pattern.js";
import { pcreCompiles } from "./pcre-syntax.js";
import {
  isSequence,
  luaConcat,
  luaEquals,
  luaItems,
  luaLength,
  luaLess,
  LuaRaise,
  luaStringArgument,
  luaStringReceiver,
  luaToString,
  luaType,
  NotStatic,
} from "./lua-semantics.js";

/**
 * Kong's `Schema.validators` (kong/db/schema/init.lua), one function each, with Lua's semantics:
 * a validator meeting a value of a type it cannot handle raises (LuaRaise) exactly where Kong's
 * would (a comparison, `#`, `:match`), and succeeds or fails where Kong's does (`starts_with` on a
 * number compares its string form, `contains` on a string never finds anything).
 *
 * A validator returns undefined when the value passes, a message when it fails, or `null` when it
 * fails without a message (Kong then uses the generic message of the validator).
 */
type Validator = (value: LuaValue, argument: LuaValue, field: LuaTable) => string | null | undefined;

/** The order in which Kong runs validators (`Schema.validators_order`). */
export const VALIDATOR_ORDER = [
  "eq", "ne", "not_one_of", "one_of", "gt", "timestamp", "uuid", "is_regex", "between", "len_eq", "len_min", "len_max",
  "starts_with", "not_match", "match_none", "match", "match_all", "match_any", "contains", "custom_validator",
  "mutually_exclusive_subsets",
] as const;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const VALIDATORS: Record<(typeof VALIDATOR_ORDER)[number], Validator> = {
  between(value, limits) {
    const low = index(limits, 1);
    const high = index(limits, 2);
    if (luaLess(value, low) || luaLess(high, value)) return format(KONG_MESSAGES.BETWEEN, [integerText(low), integerText(high)]);
    return undefined;
  },
  eq(value, wanted) {
    if (luaEquals(value, wanted)) return undefined;
    return format(KONG_MESSAGES.EQ, [wanted.kind === "null" ? "null" : luaToString(wanted)]);
  },
  ne(value, wanted) {
    if (!luaEquals(value, wanted)) return undefined;
    return format(KONG_MESSAGES.NE, [wanted.kind === "null" ? "null" : luaToString(value)]);
  },
  gt(value, limit) {
    if (luaLess(limit, value)) return undefined;
    return format(KONG_MESSAGES.GT, [luaToString(limit)]);
  },
  len_eq: lengthValidator(KONG_MESSAGES.LEN_EQ, (length, n) => length === n),
  len_min: lengthValidator(KONG_MESSAGES.LEN_MIN, (length, n) => length >= n),
  len_max: lengthValidator(KONG_MESSAGES.LEN_MAX, (length, n) => length <= n),
  match(value, pattern) {
    return matches(luaStringReceiver(value), pattern) ? undefined : format(KONG_MESSAGES.MATCH, [luaToString(value)]);
  },
  is_regex(value) {
    return isRegex(value) ? undefined : null;
  },
  not_match(value, pattern) {
    return matches(luaStringReceiver(value), pattern) ? format(KONG_MESSAGES.NOT_MATCH, [luaToString(value)]) : undefined;
  },
  match_all(value, list) {
    for (const item of sequence(list)) {
      if (!matches(luaStringReceiver(value), index(item, "pattern"))) return messageOrNull(index(item, "err"));
    }
    return undefined;
  },
  match_none(value, list) {
    for (const item of sequence(list)) {
      if (matches(luaStringReceiver(value), index(item, "pattern"))) return messageOrNull(index(item, "err"));
    }
    return undefined;
  },
  match_any(value, argument) {
    for (const pattern of sequence(index(argument, "patterns"))) {
      if (matches(luaStringReceiver(value), pattern)) return undefined;
    }
    return messageOrNull(index(argument, "err"));
  },
  starts_with(value, expected) {
    // sub(value, 1, #expected) ~= expected: `#` raises on a number, `sub` coerces a number value
    const length = luaLength(expected);
    const head = Buffer.from(luaStringArgument(value)).subarray(0, length);
    if (expected.kind !== "string" || !head.equals(Buffer.from(expected.value))) return format(KONG_MESSAGES.STARTS_WITH, [luaToString(expected)]);
    return undefined;
  },
  one_of(value, options) {
    const items = sequence(options);
    if (items.some((option) => luaEquals(value, option))) return undefined;
    return format(KONG_MESSAGES.ONE_OF, [luaConcat(items, ", ")]);
  },
  not_one_of(value, options) {
    const items = sequence(options);
    if (items.some((option) => luaEquals(value, option))) return format(KONG_MESSAGES.NOT_ONE_OF, [luaConcat(items, ", ")]);
    return undefined;
  },
  timestamp(value) {
    return luaLess({ kind: "number", value: 0, location: value.location }, value) ? undefined : null;
  },
  uuid(value) {
    if (luaLength(value) !== 36) return null;
    return UUID_PATTERN.test(luaStringReceiver(value)) ? undefined : null;
  },
  contains(array, wanted) {
    // `array[i]` on a string is nil (strings index the string library): a string never contains anything
    const items = array.kind === "table" ? luaItems(array) : Array.from({ length: luaLength(array) }, () => undefined);
    if (items.some((item) => item !== undefined && luaEquals(item, wanted))) return undefined;
    return format(KONG_MESSAGES.CONTAINS, [luaToString(wanted)]);
  },
  custom_validator(value, fn) {
    if (fn.kind !== "function") throw new LuaRaise(`attempt to call a ${luaType(fn)} value`);
    const kong = fn.kong !== undefined && value.kind === "string" ? KONG_VALIDATORS[fn.kong]?.(value.value) : undefined;
    if (kong !== undefined) return kong ?? undefined;
    const result = staticCallResult(fn, value);
    if (!result) throw new NotStatic("custom_validator is Lua code kplug does not run");
    if ("raises" in result) throw new LuaRaise(result.raises);
    const [ok, err] = result.returns;
    if (ok && ok.kind !== "nil" && !(ok.kind === "boolean" && !ok.value)) return undefined;
    return err && err.kind !== "nil" ? luaToString(err) : null;
  },
  mutually_exclusive_subsets(value, subsets) {
    const owner = new Map<string, number>();
    sequence(subsets).forEach((subset, position) => {
      for (const item of sequence(subset)) owner.set(key(item), position);
    });
    const memberOf: number[] = [];
    const count = luaLength(value);
    const items = value.kind === "table" ? luaItems(value).slice(0, count) : [];
    for (const item of items) {
      const position = owner.get(key(item));
      if (position !== undefined && !memberOf.includes(position)) memberOf.push(position);
    }
    if (memberOf.length <= 1) return undefined;
    const list = memberOf.map((position) => `(${sequence(sequence(subsets)[position] as LuaValue).map((item) => `'${luaToString(item)}'`).join(", ")})`).join(", ");
    return format(KONG_MESSAGES.MUTUALLY_EXCLUSIVE_SETS, [list]);
  },
};

function lengthValidator(message: string, test: (length: number, n: number) => boolean): Validator {
  return (value, n, field) => {
    let length = luaLength(value);
    // Kong adds the number of keys of a map to `#value` (both count the array part)
    if (fieldType(field) === "map" && value.kind === "table") length += value.items.length + value.fields.length;
    if (n.kind === "number") return test(length, n.value) ? undefined : format(message, [integerText(n)]);
    // Lua compares a number with a string only for equality (false); `<=`/`>=` raise
    if (message === KONG_MESSAGES.LEN_EQ) return format(message, [integerText(n)]);
    throw new LuaRaise(`attempt to compare number with ${luaType(n)}`);
  };
}

function fieldType(field: LuaTable): string | undefined {
  const type = tableGet(field, "type");
  return type?.kind === "string" ? type.value : undefined;
}

/** `t[k]`: indexing a table or a string (string methods: always nil here); raises on other types. */
function index(value: LuaValue, key: number | string): LuaValue {
  const nil: LuaValue = { kind: "nil", location: value.location };
  if (value.kind === "table") {
    if (typeof key === "number") return luaItems(value)[key - 1] ?? nil;
    const found = tableGet(value, key);
    if (found) return found;
    if (value.hasUnknownEntries) throw new NotStatic("the table has entries not known statically");
    return nil;
  }
  if (value.kind === "string") return nil;
  throw new LuaRaise(`attempt to index a ${luaType(value)} value`);
}

/** `for i = 1, #t do … t[i] … end` */
function sequence(value: LuaValue): LuaValue[] {
  if (value.kind === "table") return luaItems(value);
  const length = luaLength(value);
  return Array.from({ length }, () => ({ kind: "nil", location: value.location }) as LuaValue);
}

function matches(subject: string, pattern: LuaValue): boolean {
  if (pattern.kind !== "string" && pattern.kind !== "number") throw new LuaRaise(`bad argument #2 to 'match' (string expected, got ${luaType(pattern)})`);
  try {
    return luaPatternMatches(subject, luaToString(pattern));
  } catch (error) {
    if (error instanceof LuaPatternError) throw new LuaRaise(error.message);
    throw error;
  }
}

function messageOrNull(err: LuaValue): string | null {
  if (err.kind === "nil") return null;
  if (err.kind === "string") return err.value;
  if (err.kind === "unknown") throw new NotStatic(err.reason);
  return luaToString(err);
}

/** `ngx.re.match("any string", value)` compiles `value` as a PCRE2 regex (pcre-syntax.ts models PCRE2's parser). */
function isRegex(value: LuaValue): boolean {
  const verdict = pcreCompiles(luaStringArgument(value));
  if (verdict === "unknown") throw new NotStatic("a PCRE construct kplug does not model");
  return verdict === "valid";
}

/** `string.format("%d", n)`: numbers are truncated; numeric strings are converted; others raise. */
function integerText(value: LuaValue): string {
  if (value.kind === "number") return Number.isFinite(value.value) ? String(Math.trunc(value.value)) : luaToString(value);
  if (value.kind === "string" && value.value.trim() !== "" && Number.isFinite(Number(value.value))) return String(Math.trunc(Number(value.value)));
  throw new LuaRaise(`bad argument to 'format' (number expected, got ${luaType(value)})`);
}

function format(message: string, args: string[]): string {
  let i = 0;
  return message.replace(/%[sd]/g, () => args[i++] ?? "");
}

/** a key for a Lua value as a table key (strings and numbers differ) */
function key(value: LuaValue): string {
  return `${value.kind}:${value.kind === "string" || value.kind === "number" || value.kind === "boolean" ? String(value.value) : "?"}`;
}

export { isSequence };
