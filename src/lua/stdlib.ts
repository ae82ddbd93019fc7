import { luaNumberToString, toNumber } from "./number-text.js";
import type { SourceLocation } from "./parse.js";
import { LuaPatternError, luaPatternFind } from "./pattern.js";
import { isAscii, luaFormat } from "./string-format.js";
import type { LuaValue } from "./values.js";

/**
 * The pure functions of Lua's standard library a schema may call at load time to compute a value
 * (`tostring(5)`, `("x"):upper()`, `string.rep("a", 3)`, `table.concat(t, ",")`), over values known
 * statically. Anything else, or arguments of kinds not modelled, gives undefined (the caller keeps
 * the result unknown). Raising calls (`string.rep({})`) also give undefined: kplug never guesses.
 */

/** Results that are exactly one value (a table constructor's last entry does not spread them). */
const SINGLE = new WeakSet<LuaValue>();

export function isLibraryResult(value: LuaValue | { kind: string }): boolean {
  return SINGLE.has(value as LuaValue);
}

/** Functions reachable as `name(…)` (globals) or `lib.name(…)` / `s:name(…)` (string methods). */
const STRING_METHODS = new Set(["upper", "lower", "len", "rep", "sub", "format", "reverse", "gsub", "char", "find", "match", "byte"]);

/** Calls whose first result is all compute() gives: they may return more, so they are not marked single. */
const SEVERAL_RESULTS = new Set(["string.find", "string.match", "string.byte"]);

/** The Lua type a call returns whatever its arguments (or it raises, and the chunk fails to load). */
const RESULT_TYPES: Record<string, "string" | "number"> = {
  tostring: "string", "string.upper": "string", "string.lower": "string", "string.rep": "string", "string.sub": "string", "string.format": "string",
  "string.reverse": "string", "string.gsub": "string", "string.char": "string", "table.concat": "string", "string.len": "number",
};

/** The type of a library call's result when it is certain, for calls kplug does not evaluate. */
export function libraryResultType(name: string): "string" | "number" | undefined {
  return RESULT_TYPES[name];
}

/** `tostring(5)`, `string.rep("a", 3)`, `s:upper()`: the call's value, or undefined. */
export function libraryCall(name: string, args: LuaValue[], location: SourceLocation, maxString: number): LuaValue | undefined {
  if (name === "select") return selectFirst(args);
  const result = compute(name, args, maxString);
  if (result === undefined) return undefined;
  const value: LuaValue =
    typeof result === "string"
      ? { kind: "string", value: result, location }
      : typeof result === "number"
        ? { kind: "number", value: result, location }
        : { kind: "nil", location };
  if (!SEVERAL_RESULTS.has(name)) SINGLE.add(value);
  return value;
}

/** `select(n, …)`: its first value (several values: not marked as one). */
function selectFirst(args: LuaValue[]): LuaValue | undefined {
  const [n, ...rest] = args;
  if (n?.kind !== "number" || !Number.isInteger(n.value) || n.value < 1) return undefined;
  return rest[n.value - 1] ?? { kind: "nil", location: n.location };
}

export function isStringMethod(name: string): boolean {
  return STRING_METHODS.has(name);
}

/** A string argument as the string library takes it (luaL_checklstring): a string, or a number as tostring writes it. */
function stringArgument(value: LuaValue | undefined): string | undefined {
  return value?.kind === "string" ? value.value : value?.kind === "number" ? luaNumberToString(value.value) : undefined;
}

function compute(name: string, args: LuaValue[], maxString: number): string | number | null | undefined {
  const [a, b, c] = args;
  const integer = (value: LuaValue | undefined, fallback?: number): number | undefined => {
    if (value === undefined || value.kind === "nil") return fallback;
    const n = value.kind === "number" ? value.value : value.kind === "string" ? toNumber(value.value) : undefined;
    return n === undefined || n === null || !Number.isFinite(n) ? undefined : Math.trunc(n);
  };
  switch (name) {
    case "tostring":
      if (a?.kind === "string") return a.value;
      if (a?.kind === "number") return luaNumberToString(a.value);
      if (a?.kind === "boolean") return String(a.value);
      if (a?.kind === "nil") return "nil";
      return undefined;
    case "tonumber":
      if (b !== undefined && b.kind !== "nil") return tonumberInBase(a, b);
      if (a?.kind === "number") return a.value;
      if (a?.kind === "string") return toNumber(a.value);
      if (a?.kind === "nil" || a?.kind === "boolean") return null;
      return undefined;
    case "string.upper":
    case "string.lower": {
      const s = stringArgument(a);
      if (s === undefined) return undefined;
      return name === "string.upper" ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
    }
    case "string.len": {
      const s = stringArgument(a);
      return s === undefined ? undefined : Buffer.byteLength(s, "latin1");
    }
    case "string.char": {
      // bytes above 127 would be half a UTF-8 character in kplug's text: not modelled
      const codes = args.map((arg) => integer(arg));
      return codes.every((code) => code !== undefined && code >= 0 && code < 128) ? String.fromCharCode(...(codes as number[])) : undefined;
    }
    case "string.reverse": {
      const s = stringArgument(a);
      return s === undefined ? undefined : [...s].reverse().join("");
    }
    case "string.rep": {
      const s = stringArgument(a);
      const n = integer(b);
      // LuaJIT 2.1's third argument: a separator between the copies
      const separator = c === undefined || c.kind === "nil" ? "" : stringArgument(c);
      if (s === undefined || n === undefined || separator === undefined) return undefined;
      if (n <= 0) return "";
      return (s.length + separator.length) * n > maxString ? undefined : Array.from({ length: n }, () => s).join(separator);
    }
    case "string.sub": {
      const s = stringArgument(a);
      const i = integer(b, 1);
      const j = integer(c, -1);
      if (s === undefined || i === undefined || j === undefined) return undefined;
      const length = s.length;
      const from = Math.max(i < 0 ? length + i + 1 : i, 1);
      const to = Math.min(j < 0 ? length + j + 1 : j, length);
      return from > to ? "" : s.slice(from - 1, to);
    }
    case "string.format": {
      const formatted = luaFormat(args);
      return formatted !== undefined && formatted.length <= maxString ? formatted : undefined;
    }
    case "string.find":
    case "string.match":
      return findFirst(name, args);
    case "string.byte": {
      const s = stringArgument(a);
      const i = integer(b, 1);
      if (s === undefined || i === undefined || !isAscii(s)) return undefined;
      const position = i < 0 ? s.length + i + 1 : i;
      // string.byte(s, i, j) gives one code per byte from i to j: the first is byte i (none at all reads as nil here)
      if (position < 1 || position > s.length) return null;
      return s.charCodeAt(position - 1);
    }
    case "table.concat": {
      if (a?.kind !== "table" || a.hasUnknownEntries || args.length > 2) return undefined;
      const separator = b === undefined ? "" : stringArgument(b);
      if (separator === undefined) return undefined;
      const parts = a.items.map(stringArgument);
      return parts.some((part) => part === undefined) ? undefined : parts.join(separator);
    }
    default:
      return undefined;
  }
}

/**
 * `tonumber(s, base)`: an integer written in base 2–36 (letters either case, a leading `-`, spaces
 * around), nil when a character is not a digit of the base; base 10 reads like `tonumber(s)`.
 */
function tonumberInBase(value: LuaValue | undefined, base: LuaValue): number | null | undefined {
  if (base.kind !== "number" || !Number.isInteger(base.value) || base.value < 2 || base.value > 36) return undefined;
  const written = stringArgument(value);
  if (written === undefined) return undefined;
  if (base.value === 10) return toNumber(written);
  const match = /^[ \t\n\v\f\r]*(-?)([0-9a-zA-Z]+)[ \t\n\v\f\r]*$/.exec(written);
  // LuaJIT also reads `+5` and `0x10` in base 16: forms not modelled
  if (/[+xX]/.test(written)) return undefined;
  if (!match) return null;
  let result = 0;
  for (const char of (match[2] as string).toLowerCase()) {
    const digit = Number.parseInt(char, 36);
    if (digit >= base.value) return null;
    result = result * base.value + digit;
  }
  return match[1] === "-" ? -result : result;
}

/**
 * The first result of `s:find(pattern[, init[, plain]])` (the match's start) or `s:match(pattern[, init])`
 * (the first capture, or the whole match), nil when nothing matches. ASCII subjects and patterns only:
 * Lua counts bytes. A malformed pattern raises in Lua: undefined, the caller keeps the result unknown.
 */
function findFirst(name: string, args: LuaValue[]): string | number | null | undefined {
  const [subject, pattern, init, plain] = args;
  const s = stringArgument(subject);
  const p = stringArgument(pattern);
  if (s === undefined || p === undefined || !isAscii(s) || !isAscii(p)) return undefined;
  const from = init === undefined || init.kind === "nil" ? 1 : init.kind === "number" && Number.isInteger(init.value) ? init.value : undefined;
  // an init past the end is where Lua versions differ: not modelled
  if (from === undefined || from > s.length + 1 || from < -s.length) return undefined;
  const start = from < 0 ? s.length + from + 1 : Math.max(from, 1);
  const isPlain = name === "string.find" && plain !== undefined && plain.kind !== "nil" && !(plain.kind === "boolean" && !plain.value);
  if (isPlain) {
    const at = s.indexOf(p, start - 1);
    return at === -1 ? null : at + 1;
  }
  let found;
  try {
    found = luaPatternFind(s, p, start);
  } catch (error) {
    if (error instanceof LuaPatternError) return undefined;
    throw error;
  }
  if (!found) return null;
  if (name === "string.find") return found.start;
  return found.captures[0] ?? s.slice(found.start - 1, found.end);
}
