import { luaNumberToString, toNumber } from "./number-text.js";
import type { LuaValue } from "./values.js";

/**
 * LuaJIT 2.1's `string.format` over values known statically: `%d %i %u %c %o %x %X %e %E %f %g %G
 * %s %q %%` with the flags `-+ #0`, a width and a precision of at most two digits each. Anything
 * LuaJIT raises on (a bad option, a missing or wrong-typed argument) or that kplug does not model
 * (`%a`, a table for `%s`, integers beyond 2^53, NaN, non-ASCII `%c`) gives undefined: the caller
 * keeps the result unknown rather than guess. LuaJIT rounds a half away from zero (`%.0f` of 2.5 is
 * "3"), as JavaScript's toFixed does.
 */
export function luaFormat(args: readonly LuaValue[]): string | undefined {
  const [pattern, ...rest] = args;
  if (pattern?.kind !== "string") return undefined;
  const text = pattern.value;
  let out = "";
  let next = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char !== "%") {
      out += char;
      continue;
    }
    if (text[i + 1] === "%") {
      out += "%";
      i++;
      continue;
    }
    const spec = SPEC.exec(text.slice(i + 1));
    if (!spec) return undefined;
    i += spec[0].length;
    const [, flags = "", width = "", precision, conversion = ""] = spec;
    const argument = rest[next++];
    if (argument === undefined) return undefined;
    const piece = convert(conversion, argument, flags, precision === undefined ? undefined : Number(precision || "0"));
    if (piece === undefined) return undefined;
    out += pad(piece, flags, Number(width || "0"), conversion, precision !== undefined);
  }
  return out;
}

/** flags, width (≤ 2 digits), precision (≤ 2 digits), conversion: LuaJIT refuses anything longer */
const SPEC = /^([-+ #0]{0,5})(\d{0,2})(?:\.(\d{0,2}))?([diucoxXeEfgGsq])/;

function convert(conversion: string, argument: LuaValue, flags: string, precision: number | undefined): string | undefined {
  switch (conversion) {
    case "s": {
      const text = argument.kind === "string" ? argument.value : argument.kind === "number" ? luaNumberToString(argument.value) : argument.kind === "boolean" || argument.kind === "nil" ? String(argument.kind === "nil" ? "nil" : argument.value) : undefined;
      if (text === undefined || precision === undefined) return text;
      // a precision cuts bytes, which may split a UTF-8 character: not modelled
      return isAscii(text) ? text.slice(0, precision) : undefined;
    }
    case "q":
      return argument.kind === "string" ? quote(argument.value) : argument.kind === "number" ? quote(luaNumberToString(argument.value)) : undefined;
    default: {
      const n = numberArgument(argument);
      if (n === undefined) return undefined;
      return "diuc".includes(conversion) || "oxX".includes(conversion) ? integerText(conversion, n, flags, precision) : floatText(conversion, n, flags, precision);
    }
  }
}

/** Lua's luaL_checknumber: a number, or a string Lua converts to one. */
function numberArgument(argument: LuaValue): number | undefined {
  if (argument.kind === "number") return argument.value;
  if (argument.kind === "string") return toNumber(argument.value) ?? undefined;
  return undefined;
}

function integerText(conversion: string, n: number, flags: string, precision: number | undefined): string | undefined {
  if (!Number.isFinite(n) || Math.abs(n) >= 2 ** 53) return undefined;
  const integer = Math.trunc(n);
  if (conversion === "c") return integer >= 0 && integer < 128 ? String.fromCharCode(integer) : undefined;
  const signed = conversion === "d" || conversion === "i";
  // negative values of the unsigned conversions are the 64-bit two's complement, as LuaJIT's int64 cast gives
  const magnitude = signed ? BigInt(Math.abs(integer)) : BigInt.asUintN(64, BigInt(integer));
  let digits = magnitude.toString(conversion === "o" ? 8 : conversion === "x" || conversion === "X" ? 16 : 10);
  if (conversion === "X") digits = digits.toUpperCase();
  if (precision !== undefined) digits = precision === 0 && magnitude === 0n ? "" : digits.padStart(precision, "0");
  if (flags.includes("#") && conversion === "o" && !digits.startsWith("0")) digits = `0${digits}`;
  if (flags.includes("#") && (conversion === "x" || conversion === "X") && magnitude !== 0n) digits = `${conversion === "x" ? "0x" : "0X"}${digits}`;
  return signed ? `${signOf(integer < 0, flags)}${digits}` : digits;
}

function floatText(conversion: string, n: number, flags: string, precision: number | undefined): string | undefined {
  if (Number.isNaN(n)) return undefined;
  const negative = n < 0 || Object.is(n, -0);
  const sign = signOf(negative, flags);
  const upper = conversion === "E" || conversion === "G";
  if (!Number.isFinite(n)) return `${sign}${upper ? "INF" : "inf"}`;
  const magnitude = Math.abs(n);
  const digits = precision ?? 6;
  let body: string;
  if (conversion === "f") body = magnitude.toFixed(digits);
  else if (conversion === "e" || conversion === "E") body = exponential(magnitude, digits);
  else body = general(magnitude, digits, flags.includes("#"));
  if (flags.includes("#") && !body.includes(".") && conversion !== "g" && conversion !== "G") body = body.replace(/^(\d+)/, "$1.");
  return `${sign}${upper ? body.toUpperCase() : body}`;
}

/** C's %e: at least two exponent digits. */
function exponential(magnitude: number, digits: number): string {
  const [mantissa = "", exponent = "0"] = magnitude.toExponential(digits).split("e");
  const power = Number(exponent);
  return `${mantissa}e${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
}

/** C's %g: %e or %f by the exponent the value has once rounded, trailing zeros dropped unless `#`. */
function general(magnitude: number, digits: number, keepZeros: boolean): string {
  const significant = digits === 0 ? 1 : digits;
  const power = magnitude === 0 ? 0 : Number(magnitude.toExponential(significant - 1).split("e")[1]);
  let body = power < -4 || power >= significant ? exponential(magnitude, significant - 1) : magnitude.toFixed(significant - 1 - power);
  if (!keepZeros) body = body.replace(/^(\d+\.\d*?)0*(e|$)/, "$1$2").replace(/\.(e|$)/, "$1");
  else if (!body.includes(".")) body = body.replace(/^(\d+)/, "$1.");
  return body;
}

function signOf(negative: boolean, flags: string): string {
  if (negative) return "-";
  if (flags.includes("+")) return "+";
  return flags.includes(" ") ? " " : "";
}

/** Width: spaces before (or after with `-`); `0` pads numbers after their sign (not with a precision on integers). */
function pad(piece: string, flags: string, width: number, conversion: string, hasPrecision: boolean): string {
  // Lua counts bytes
  const missing = width - Buffer.byteLength(piece, "utf8");
  if (missing <= 0) return piece;
  if (flags.includes("-")) return piece + " ".repeat(missing);
  const zeroPads = flags.includes("0") && conversion !== "s" && conversion !== "q" && conversion !== "c" && !("diuoxX".includes(conversion) && hasPrecision) && /[0-9]$/.test(piece);
  if (!zeroPads) return " ".repeat(missing) + piece;
  const prefix = /^([-+ ]?(0[xX])?)/.exec(piece)?.[0] ?? "";
  return prefix + "0".repeat(missing) + piece.slice(prefix.length);
}

/** `%q`: LuaJIT 2.1 escapes `"`, `\`, newline (a backslash-newline), `\r` and NUL; other control bytes as decimal `\ddd` (padded before a digit). */
function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const code = char.charCodeAt(0);
    if (char === '"' || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\\n";
    else if (code < 32 || code === 127) out += /[0-9]/.test(text[i + 1] ?? "") ? `\\${String(code).padStart(3, "0")}` : `\\${code}`;
    else out += char;
  }
  return `${out}"`;
}

/** Every character is one byte in UTF-8 (where Lua's byte counts and JavaScript's indices agree). */
export function isAscii(text: string): boolean {
  return Buffer.byteLength(text, "utf8") === text.length;
}
