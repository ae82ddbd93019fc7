import type { SourceLocation } from "./parse.js";
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
const STRING_METHODS = new Set(["upper", "lower", "len", "rep", "sub", "format", "reverse", "gsub", "char"]);

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
export function libraryCall(name: string, args: LuaValue[], location: SourceLocation, format: (n: number) => string, maxString: number): LuaValue | undefined {
  if (name === "select") return selectFirst(args);
  const result = compute(name, args, format, maxString);
  if (result === undefined) return undefined;
  const value: LuaValue =
    typeof result === "string"
      ? { kind: "string", value: result, location }
      : typeof result === "number"
        ? { kind: "number", value: result, location }
        : { kind: "nil", location };
  SINGLE.add(value);
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

function compute(name: string, args: LuaValue[], format: (n: number) => string, maxString: number): string | number | null | undefined {
  const [a, b, c] = args;
  const text = (value: LuaValue | undefined): string | undefined => (value?.kind === "string" ? value.value : value?.kind === "number" ? format(value.value) : undefined);
  const integer = (value: LuaValue | undefined, fallback?: number): number | undefined => {
    if (value === undefined || value.kind === "nil") return fallback;
    const n = value.kind === "number" ? value.value : value.kind === "string" ? toNumber(value.value) : undefined;
    return n === undefined || n === null || !Number.isFinite(n) ? undefined : Math.trunc(n);
  };
  switch (name) {
    case "tostring":
      if (a?.kind === "string") return a.value;
      if (a?.kind === "number") return format(a.value);
      if (a?.kind === "boolean") return String(a.value);
      if (a?.kind === "nil") return "nil";
      return undefined;
    case "tonumber":
      if (b !== undefined) return undefined;
      if (a?.kind === "number") return a.value;
      if (a?.kind === "string") return toNumber(a.value);
      if (a?.kind === "nil" || a?.kind === "boolean") return null;
      return undefined;
    case "string.upper":
    case "string.lower": {
      const s = text(a);
      if (s === undefined) return undefined;
      return name === "string.upper" ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
    }
    case "string.len": {
      const s = text(a);
      return s === undefined ? undefined : Buffer.byteLength(s, "latin1");
    }
    case "string.reverse": {
      const s = text(a);
      return s === undefined ? undefined : [...s].reverse().join("");
    }
    case "string.rep": {
      const s = text(a);
      const n = integer(b);
      if (s === undefined || n === undefined || c !== undefined) return undefined;
      if (n <= 0) return "";
      return s.length * n > maxString ? undefined : s.repeat(n);
    }
    case "string.sub": {
      const s = text(a);
      const i = integer(b, 1);
      const j = integer(c, -1);
      if (s === undefined || i === undefined || j === undefined) return undefined;
      const length = s.length;
      const from = Math.max(i < 0 ? length + i + 1 : i, 1);
      const to = Math.min(j < 0 ? length + j + 1 : j, length);
      return from > to ? "" : s.slice(from - 1, to);
    }
    case "string.format":
      return formatString(args, format);
    case "table.concat": {
      if (a?.kind !== "table" || a.hasUnknownEntries || args.length > 2) return undefined;
      const separator = b === undefined ? "" : text(b);
      if (separator === undefined) return undefined;
      const parts = a.items.map(text);
      return parts.some((part) => part === undefined) ? undefined : parts.join(separator);
    }
    default:
      return undefined;
  }
}

/** `string.format` with %s, %d, %i and %% (others are not modelled). */
function formatString(args: LuaValue[], format: (n: number) => string): string | undefined {
  const [pattern, ...rest] = args;
  if (pattern?.kind !== "string") return undefined;
  let next = 0;
  let failed = false;
  const out = pattern.value.replace(/%(.)/g, (_match, directive: string) => {
    if (directive === "%") return "%";
    const value = rest[next++];
    if (directive === "s" && (value?.kind === "string" || value?.kind === "number")) return value.kind === "string" ? value.value : format(value.value);
    if ((directive === "d" || directive === "i") && value?.kind === "number" && Number.isInteger(value.value)) return String(value.value);
    failed = true;
    return "";
  });
  return failed ? undefined : out;
}

/** Lua's tonumber on a string: decimal (with exponent) or hexadecimal, surrounding spaces allowed; nil otherwise. */
export function toNumber(text: string): number | null {
  const trimmed = text.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(trimmed)) {
    const negative = trimmed.startsWith("-");
    const value = Number.parseInt(trimmed.replace(/^[+-]?0[xX]/, ""), 16);
    return negative ? -value : value;
  }
  return null;
}
