import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { luaFormat } from "../../src/lua/string-format.js";
import type { LuaValue } from "../../src/lua/values.js";

const NOWHERE = { line: 0, column: 0, endLine: 0, endColumn: 0 };
const { cases } = JSON.parse(readFileSync(new URL("./fixtures/luajit-string-format.json", import.meta.url), "utf8")) as {
  cases: { format: string; argument: { string: string } | { number: string }; luajit: string | null }[];
};

const str = (value: string): LuaValue => ({ kind: "string", value, location: NOWHERE });
const num = (value: number): LuaValue => ({ kind: "number", value, location: NOWHERE });

/** What kplug leaves unknown on purpose: integers LuaJIT wraps through int64, bytes %c makes outside ASCII. */
function notModelled(format: string, value: number): boolean {
  const conversion = format.replace(/\|$/, "").slice(-1);
  if ("diuoxX".includes(conversion)) return Math.abs(value) >= 2 ** 53;
  if (conversion === "c") return !(Math.trunc(value) >= 0 && Math.trunc(value) < 128);
  return false;
}

describe("luaFormat: string.format as LuaJIT 2.1 answers it", () => {
  it(`agrees with LuaJIT on ${cases.length} format/argument pairs (or, where LuaJIT raises or kplug does not model the case, gives no value)`, () => {
    const disagreements: string[] = [];
    let answered = 0;
    for (const { format, argument, luajit } of cases) {
      const value = "string" in argument ? str(argument.string) : num(Number(argument.number));
      const got = luaFormat([str(format), value]);
      if (got !== undefined) answered++;
      const expected = luajit === null || ("number" in argument && notModelled(format, Number(argument.number))) ? undefined : luajit;
      if (got !== expected) disagreements.push(`${format} ${JSON.stringify(argument)}: kplug ${JSON.stringify(got)}, LuaJIT ${JSON.stringify(luajit)}`);
    }
    expect(disagreements).toEqual([]);
    expect(answered).toBeGreaterThan(cases.length * 0.9);
  });

  it("formats several arguments, %% and plain text; raises (undefined) on a missing argument or a bad option", () => {
    expect(luaFormat([str("%s=%d%%"), str("k"), num(5)])).toBe("k=5%");
    expect(luaFormat([str("%s %s"), num(1)])).toBeUndefined();
    expect(luaFormat([str("%y"), num(1)])).toBeUndefined();
    expect(luaFormat([str("%123d"), num(1)])).toBeUndefined();
    expect(luaFormat([str("%d"), str("x")])).toBeUndefined();
  });

  it("quotes with %q as LuaJIT does (control bytes in decimal, padded before a digit)", () => {
    expect(luaFormat([str("%q"), str('a\u0000b\r\t"\\\u0001z')])).toBe('"a\\0b\\13\\9\\"\\\\\\1z"');
    expect(luaFormat([str("%q"), str("a\n\u00011")])).toBe('"a\\\n\\0011"');
  });
});
