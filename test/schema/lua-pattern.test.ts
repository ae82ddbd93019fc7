import { describe, expect, it } from "vitest";
import { LuaPatternError, luaPatternMatches } from "../../src/schema/index.js";

// Expected answers are LuaJIT's `string.match(subject, pattern) ~= nil` (checked with luajit).
describe("luaPatternMatches: Lua 5.1 patterns as LuaJIT matches them", () => {
  it("matches classes, sets, anchors and repetitions", () => {
    expect(luaPatternMatches("abc", "^%a+$")).toBe(true);
    expect(luaPatternMatches("a1", "^%a+$")).toBe(false);
    expect(luaPatternMatches("ab-cd", "^[%w_-]+$")).toBe(true);
    expect(luaPatternMatches("a=1", "^(%a+)=(%d)$")).toBe(true);
    expect(luaPatternMatches("aab", "^a-b$")).toBe(true);
    expect(luaPatternMatches("x", "[^/]")).toBe(true);
    expect(luaPatternMatches("Abc", "^%l+$")).toBe(false);
    expect(luaPatternMatches("", "")).toBe(true);
  });

  it("knows balances, frontiers and back references", () => {
    expect(luaPatternMatches("(x)y", "%b()")).toBe(true);
    expect(luaPatternMatches("a=1", "%b()")).toBe(false);
    expect(luaPatternMatches("Abc", "%f[%a]")).toBe(true);
    expect(luaPatternMatches("abab", "^(ab)%1$")).toBe(true);
    expect(luaPatternMatches("abc", "()%1")).toBe(false);
  });

  it("raises on malformed patterns only when matching reaches the bad part, as Lua does", () => {
    expect(() => luaPatternMatches("abc", "[a")).toThrow(LuaPatternError);
    expect(() => luaPatternMatches("abc", "%")).toThrow("malformed pattern (ends with '%')");
    expect(() => luaPatternMatches("abc", "(a")).toThrow("unfinished capture");
    expect(() => luaPatternMatches("abc", "a)")).toThrow("invalid pattern capture");
    expect(() => luaPatternMatches("abc", "[]")).toThrow(LuaPatternError);
    expect(luaPatternMatches("b", "a%")).toBe(false);
  });
});
