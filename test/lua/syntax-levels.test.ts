import { describe, expect, it } from "vitest";
import { MAX_SYNTAX_LEVELS, prescanLua } from "../../src/lua/syntax-levels.js";

const deep = (text: string): boolean => prescanLua(text).tooDeep !== undefined;

// Limits measured with LuaJIT 2.1 (`loadstring`): the largest nesting it loads, per construct.
// kplug's count is a lower bound of LuaJIT's: it never rejects what LuaJIT loads, and rejects by
// LuaJIT's own count or at most one level later.
const constructs: [name: string, build: (n: number) => string, luajitMax: number][] = [
  ["table constructors", (n) => `return ${"{".repeat(n)}${"}".repeat(n)}`, 198],
  ["do blocks", (n) => `${"do ".repeat(n)}${"end ".repeat(n)}`, 198],
  ["if blocks", (n) => `${"if x then ".repeat(n)}${"end ".repeat(n)}`, 198],
  ["local functions", (n) => `${"local function f() ".repeat(n)}${"end ".repeat(n)}`, 198],
  ["parentheses", (n) => `return ${"(".repeat(n)}1${")".repeat(n)}`, 197],
  ["`..` operators", (n) => `return 'a'${" .. 'a'".repeat(n)}`, 197],
  ["`^` operators", (n) => `return 2${" ^ 2".repeat(n)}`, 197],
  ["unary minus", (n) => `return ${"- ".repeat(n)}1`, 197],
  ["not", (n) => `return ${"not ".repeat(n)}1`, 197],
];

describe("prescanLua: LuaJIT's syntax levels", () => {
  it("is LuaJIT's LJ_MAX_XLEVEL", () => expect(MAX_SYNTAX_LEVELS).toBe(200));

  for (const [name, build, luajitMax] of constructs) {
    it(`${name}: loads what LuaJIT loads (${luajitMax}), rejects from LuaJIT's limit + 1 at the latest`, () => {
      expect(deep(build(luajitMax))).toBe(false);
      expect(deep(build(luajitMax + 2))).toBe(true);
    });
  }

  it("left-associative chains are one level however long (LuaJIT loads them)", () => {
    expect(deep(`return 1${" + 1".repeat(5000)}`)).toBe(false);
    expect(deep(`return a${".b".repeat(5000)}`)).toBe(false);
    expect(deep(`return f${"()".repeat(5000)}`)).toBe(false);
  });

  it("a chain ends at a lower-precedence operator or a new statement", () => {
    expect(deep(`return ${Array(150).fill("'a' .. 'a'").join(" == ")}`)).toBe(false);
    expect(deep(`${Array(150).fill("x = 'a' .. 'a'").join("\n")}`)).toBe(false);
    expect(deep(`return x${' .. f"s" .. x'.repeat(100)}`)).toBe(true); // a call by string does not end it
  });

  it("brackets inside strings, long strings and comments do not count", () => {
    const brackets = "{(".repeat(300);
    expect(deep(`local a = "${brackets}" local b = '${brackets}' local c = [==[${brackets}]==] -- ${brackets}\n--[[ ${brackets} ]] return a`)).toBe(false);
  });

  it("reports the line and column (UTF-16 units) of the token that reaches the limit, counting \\r\\n, \\r and \\n as line breaks", () => {
    expect(prescanLua(`-- é\r\n\r\nlocal s = "é" return ${"{".repeat(300)}`).tooDeep).toMatchObject({ line: 3, column: 22 + 198 });
  });

  it("finds a character that starts no token, outside strings and comments", () => {
    expect(prescanLua("@ return {}").stray).toMatchObject({ line: 1, column: 1, character: "@", firstToken: true });
    expect(prescanLua("local s = '@' -- @\nreturn $").stray).toMatchObject({ line: 2, column: 8, character: "$", firstToken: false });
    expect(prescanLua("\u00a0return {}").stray).toBeUndefined(); // LuaJIT: bytes above ASCII are name characters
  });
});
