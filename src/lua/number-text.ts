/**
 * LuaJIT's `tostring(n)` (`%.14g`), which is also what `..` and the string library make of a
 * number. NaN prints "nan" whatever its sign bit, as LuaJIT 2.1 prints `0/0` and `-(0/0)`.
 */
export function luaNumberToString(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa = "", exponentText = "0"] = value.toExponential(13).split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 14) {
    const trimmed = mantissa.replace(/\.?0+$/, "");
    return `${trimmed}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const fixed = value.toFixed(Math.max(0, 13 - exponent));
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
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
